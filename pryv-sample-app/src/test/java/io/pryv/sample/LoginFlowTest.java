package io.pryv.sample;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The whole server-side sign-in against a WireMock platform replaying recorded
 * answers of a real Pryv server: accepted, refused, expired, tampered return
 * parameters, the popup (status) variant, sign-out with revocation, CSRF, and
 * 401 without a signed-in user.
 */
@SpringBootTest
@AutoConfigureMockMvc
class LoginFlowTest {

	private static final PryvPlatformStubs platform = new PryvPlatformStubs();

	/** A second platform, in the allow-list. */
	private static final PryvPlatformStubs otherPlatform = new PryvPlatformStubs();

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void pryvPlatform(DynamicPropertyRegistry registry) {
		registry.add("pryv.service-info-url", platform::serviceInfoUrl);
		registry.add("pryv.security.allowed-service-info-urls", otherPlatform::serviceInfoUrl);
	}

	@AfterAll
	static void stopPlatform() {
		platform.close();
		otherPlatform.close();
	}

	@BeforeEach
	void resetPlatform() {
		platform.reset();
		otherPlatform.reset();
	}

	private MockHttpSession startSignIn() throws Exception {
		MockHttpSession session = new MockHttpSession();
		MvcResult result = this.mvc.perform(post("/login/pryv").session(session).with(csrf()))
			.andExpect(status().isFound())
			.andReturn();
		String location = result.getResponse().getRedirectedUrl();
		assertThat(location).startsWith(platform.baseUrl() + "/fake-auth-ui/access.html?")
			.contains("key=" + Fixtures.KEY);
		return session;
	}

	private MockHttpSession signedIn() throws Exception {
		MockHttpSession session = startSignIn();
		platform.accept();
		this.mvc.perform(returnFromPlatform(session)).andExpect(redirectedUrl("/")).andExpect(authenticated());
		return session;
	}

	private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder returnFromPlatform(
			MockHttpSession session) {
		return get("/login/pryv/return").session(session)
			.param("prYvkey", Fixtures.KEY)
			.param("prYvstatus", "ACCEPTED")
			.param("prYvpoll", Fixtures.pollUrl(platform.baseUrl()));
	}

	/**
	 * @param message what the home page must show once the browser follows the redirect
	 * @return a matcher following the failed sign-in's redirect to the page, in the same session
	 */
	private org.springframework.test.web.servlet.ResultMatcher shownError(org.hamcrest.Matcher<String> message) {
		return (result) -> this.mvc.perform(get("/").param("error", "").session((MockHttpSession) result.getRequest().getSession()))
			.andExpect(redirectedUrl("/"))
			.andExpect(flash().attribute("error", message));
	}

	private static int pollCount() {
		return platform.server().findAll(WireMock.getRequestedFor(WireMock.urlPathMatching("/reg/access/.+"))).size();
	}

	@Test
	void signInStartsAnAuthRequestWithTheAppsPermissionsAndReturnUrl() throws Exception {
		startSignIn();
		LoggedRequest sent = platform.server()
			.findAll(WireMock.postRequestedFor(WireMock.urlMatching("/reg/access/?")))
			.get(0);
		JsonNode body = mapper.readTree(sent.getBodyAsString());
		assertThat(body.path("requestingAppId").asString()).isEqualTo("pryv-spring-sample");
		assertThat(body.path("returnURL").asString()).isEqualTo("http://localhost/login/pryv/return?");
		assertThat(body.path("requestedPermissions").findValuesAsString("streamId")).contains("diary", "body", "heart");
	}

	@Test
	void pagesAllowOnlyTheAppsOwnScriptsAndNoFraming() throws Exception {
		String policy = this.mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getHeader("Content-Security-Policy");
		assertThat(policy).isNotNull();
		assertThat(policy.split(";\\s*")).contains("script-src 'self'", "object-src 'none'", "base-uri 'none'",
				"frame-ancestors 'none'");
	}

	@Test
	void acceptedSignInAuthenticatesRotatesTheSessionAndRedirectsToACleanUrl() throws Exception {
		MockHttpSession session = startSignIn();
		String sessionIdBefore = session.getId();
		platform.accept();
		this.mvc.perform(returnFromPlatform(session))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"))
			.andExpect(header().string("Referrer-Policy", "no-referrer"))
			.andExpect(authenticated().withUsername(Fixtures.USERNAME));
		assertThat(session.getId()).isNotEqualTo(sessionIdBefore);

		String page = this.mvc.perform(get("/").session(session))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("id=\"username\">" + Fixtures.USERNAME + "<")
			.contains("data-event-id=\"o93655dknyjjp97ffrbvjikq\"", "data-event-id=\"mleqr27wfdbxdl4e9gowr50f\"")
			.contains("Heart rate")
			.doesNotContain(Fixtures.TOKEN);
	}

	@Test
	void signedInUserGetsEventsAsNdjsonOrJsonArrayWithoutAnyToken() throws Exception {
		MockHttpSession session = signedIn();
		// written on the request's thread: no async dispatch
		String ndjson = this.mvc.perform(get("/api/events").session(session).param("streams", "heart").param("limit", "10"))
			.andExpect(request().asyncNotStarted())
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/x-ndjson"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String[] lines = ndjson.split("\n");
		assertThat(lines).hasSize(2);
		assertThat(mapper.readTree(lines[0]).path("id").asString()).isEqualTo("o93655dknyjjp97ffrbvjikq");
		assertThat(mapper.readTree(lines[1]).path("content").asInt()).isEqualTo(90);
		assertThat(ndjson).doesNotContain(Fixtures.TOKEN);
		LoggedRequest upstream = platform.server()
			.findAll(WireMock.getRequestedFor(WireMock.urlPathEqualTo("/" + Fixtures.USERNAME + "/events")))
			.get(0);
		assertThat(upstream.queryParameter("streams").values()).containsExactly("heart");
		assertThat(upstream.queryParameter("limit").firstValue()).isEqualTo("10");
		assertThat(upstream.getHeader("Authorization")).isEqualTo(Fixtures.TOKEN);

		String array = this.mvc.perform(get("/api/events").session(session).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "application/json"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		JsonNode events = mapper.readTree(array);
		assertThat(events.isArray()).isTrue();
		assertThat(events.findValuesAsString("id")).containsExactly("o93655dknyjjp97ffrbvjikq", "mleqr27wfdbxdl4e9gowr50f");
	}

	@Test
	void eventsErrorsAreClearBeforeAnyByteIsStreamed() throws Exception {
		MockHttpSession session = signedIn();
		this.mvc.perform(get("/api/events").session(session).param("streams", "no-such-stream"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error.id").value("unknown-referenced-resource"))
			.andExpect(jsonPath("$.error.message").value(org.hamcrest.Matchers.containsString("no-such-stream")));
		this.mvc.perform(get("/api/events").session(session).param("limit", "ten"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error.message").value(org.hamcrest.Matchers.containsString("'limit'")));
	}

	@Test
	void refusedSignInShowsWhyAndDoesNotAuthenticate() throws Exception {
		MockHttpSession session = startSignIn();
		platform.refuse();
		this.mvc.perform(returnFromPlatform(session).param("prYvstatus", "REFUSED"))
			.andExpect(redirectedUrl("/?error"))
			.andExpect(shownError(org.hamcrest.Matchers.containsString("refused")))
			.andExpect(unauthenticated());
		this.mvc.perform(get("/login/pryv/status").session(session)).andExpect(jsonPath("$.status").value("NONE"));
	}

	@Test
	void expiredSignInSaysSo() throws Exception {
		MockHttpSession session = startSignIn();
		platform.forget();
		this.mvc.perform(returnFromPlatform(session))
			.andExpect(redirectedUrl("/?error"))
			.andExpect(shownError(org.hamcrest.Matchers.containsString("expired")))
			.andExpect(unauthenticated());
	}

	@Test
	void foreignPollUrlIsRejectedWithoutPolling() throws Exception {
		MockHttpSession session = startSignIn();
		platform.accept();
		this.mvc.perform(get("/login/pryv/return").session(session)
			.param("prYvkey", Fixtures.KEY)
			.param("prYvpoll", "http://attacker.example/reg/access/" + Fixtures.KEY))
			.andExpect(redirectedUrl("/?error"))
			.andExpect(shownError(org.hamcrest.Matchers.containsString("rejected")))
			.andExpect(unauthenticated());
		assertThat(pollCount()).isZero();
		assertThat(platform.server().findAll(WireMock.anyRequestedFor(WireMock.anyUrl())))
			.noneMatch((r) -> r.getUrl().contains("attacker"));
	}

	@Test
	void returnForAnotherKeyIsRejectedWithoutPolling() throws Exception {
		MockHttpSession session = startSignIn();
		platform.accept();
		this.mvc.perform(get("/login/pryv/return").session(session)
			.param("prYvkey", "someoneElsesKey1")
			.param("prYvpoll", platform.baseUrl() + "/reg/access/someoneElsesKey1"))
			.andExpect(redirectedUrl("/?error"))
			.andExpect(shownError(org.hamcrest.Matchers.containsString("another sign-in request")))
			.andExpect(unauthenticated());
		assertThat(pollCount()).isZero();
	}

	@Test
	void returnWithoutAPendingRequestIsRejectedWithoutPolling() throws Exception {
		platform.accept();
		this.mvc.perform(returnFromPlatform(new MockHttpSession()))
			.andExpect(redirectedUrl("/?error"))
			.andExpect(shownError(org.hamcrest.Matchers.containsString("No sign-in is in progress")))
			.andExpect(unauthenticated());
		assertThat(pollCount()).isZero();
	}

	@Test
	void aTokenInTheReturnUrlIsNeverTrusted() throws Exception {
		MockHttpSession session = startSignIn();
		String endpoint = "http://" + Fixtures.TOKEN + "@127.0.0.1:" + platform.server().port() + "/" + Fixtures.USERNAME + "/";
		this.mvc.perform(returnFromPlatform(session).param("prYvusername", Fixtures.USERNAME)
			.param("prYvtoken", Fixtures.TOKEN)
			.param("prYvapiEndpoint", endpoint))
			.andExpect(status().isOk())
			.andExpect(header().string("Referrer-Policy", "no-referrer"))
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(org.hamcrest.Matchers.containsString("http-equiv=\"refresh\" content=\"2;url=/login/pryv/return\"")))
			.andExpect(unauthenticated());
		this.mvc.perform(get("/api/streams").session(session)).andExpect(status().isUnauthorized());
		assertThat(platform.server().findAll(WireMock.anyRequestedFor(WireMock.urlPathMatching("/" + Fixtures.USERNAME + "/.*"))))
			.isEmpty();
	}

	@Test
	void popupVariantPollsStatusAsJsonAndSignsInWhenAccepted() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(post("/login/pryv").accept(MediaType.APPLICATION_JSON).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("NEED_SIGNIN"))
			.andExpect(jsonPath("$.authUrl").value(org.hamcrest.Matchers.startsWith(platform.baseUrl())))
			.andExpect(jsonPath("$.pollRateMs").value(1000));
		this.mvc.perform(get("/login/pryv/status").session(session))
			.andExpect(jsonPath("$.status").value("NEED_SIGNIN"))
			.andExpect(unauthenticated());
		platform.accept();
		String body = this.mvc.perform(get("/login/pryv/status").session(session))
			.andExpect(jsonPath("$.status").value("ACCEPTED"))
			.andExpect(jsonPath("$.username").value(Fixtures.USERNAME))
			.andExpect(authenticated().withUsername(Fixtures.USERNAME))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(body).doesNotContain(Fixtures.TOKEN).doesNotContain("apiEndpoint");
	}

	@Test
	@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
	void signOutWithRevokeDeletesTheAccessOnThePlatform(org.springframework.boot.test.system.CapturedOutput output)
			throws Exception {
		MockHttpSession session = signedIn();
		this.mvc.perform(get("/").session(session)).andExpect(status().isOk());
		this.mvc.perform(post("/logout").session(session).with(csrf()).param("revoke", "on"))
			.andExpect(redirectedUrl("/?signedOut=revoked"))
			.andExpect(unauthenticated());
		platform.server()
			.verify(1, WireMock.deleteRequestedFor(WireMock.urlEqualTo("/" + Fixtures.USERNAME
					+ "/accesses/equf3sjkqnblmaztk9cf2x3r")));
		assertThat(output.getAll()).as("no log line holds the token").doesNotContain(Fixtures.TOKEN);
	}

	@Test
	void signOutWithoutRevokeLeavesTheAccess() throws Exception {
		MockHttpSession session = signedIn();
		this.mvc.perform(post("/logout").session(session).with(csrf()))
			.andExpect(redirectedUrl("/?signedOut=signed-out"))
			.andExpect(unauthenticated());
		this.mvc.perform(get("/api/streams").session(session)).andExpect(status().isUnauthorized());
		assertThat(platform.server().findAll(WireMock.deleteRequestedFor(WireMock.anyUrl()))).isEmpty();
	}

	@Test
	void everyPostNeedsTheCsrfToken() throws Exception {
		this.mvc.perform(post("/login/pryv")).andExpect(status().isForbidden());
		assertThat(platform.server().findAll(WireMock.postRequestedFor(WireMock.anyUrl()))).isEmpty();
		MockHttpSession session = signedIn();
		this.mvc.perform(post("/logout").session(session).param("revoke", "on")).andExpect(status().isForbidden());
		this.mvc.perform(post("/events").session(session).param("streamId", "diary").param("note", "hi"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/events").session(session)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"streamId\":\"diary\",\"note\":\"hi\"}")).andExpect(status().isForbidden());
		this.mvc.perform(get("/api/streams").session(session)).andExpect(status().isOk());
		assertThat(platform.server().findAll(WireMock.deleteRequestedFor(WireMock.anyUrl()))).isEmpty();
		assertThat(platform.server().findAll(WireMock.postRequestedFor(WireMock.urlPathMatching("/" + Fixtures.USERNAME + "/.*"))))
			.isEmpty();
	}

	@Test
	void dataEndpointsAnswer401WithoutSignIn() throws Exception {
		this.mvc.perform(get("/api/events")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/streams")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/login/pryv/status")).andExpect(jsonPath("$.status").value("NONE"));
		this.mvc.perform(get("/")).andExpect(status().isOk());
	}

	@Test
	void onlyAllowListedPlatformsCanBeChosen() throws Exception {
		this.mvc.perform(post("/login/pryv").with(csrf()).param("pryvServiceInfoUrl", "https://attacker.example/service/info"))
			.andExpect(redirectedUrl("/?error"))
			.andExpect(shownError(org.hamcrest.Matchers.containsString("not one this app may use")));
		assertThat(platform.server().findAll(WireMock.postRequestedFor(WireMock.anyUrl()))).isEmpty();
		this.mvc.perform(get("/").param("pryvServiceInfoUrl", "https://attacker.example/service/info"))
			.andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(org.hamcrest.Matchers.containsString("not one this app may use")));
	}

	@Test
	void anAllowListedPlatformCanBeChosenAndTheWholeFlowGoesToIt() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(get("/").session(session).param("pryvServiceInfoUrl", otherPlatform.serviceInfoUrl()))
			.andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(org.hamcrest.Matchers.containsString("name=\"pryvServiceInfoUrl\" value=\"" + otherPlatform.serviceInfoUrl())));
		MvcResult started = this.mvc.perform(post("/login/pryv").session(session).with(csrf())
			.param("pryvServiceInfoUrl", otherPlatform.serviceInfoUrl()))
			.andExpect(status().isFound())
			.andReturn();
		assertThat(started.getResponse().getRedirectedUrl()).startsWith(otherPlatform.baseUrl() + "/fake-auth-ui/");
		otherPlatform.accept();
		this.mvc.perform(get("/login/pryv/return").session(session)
			.param("prYvkey", Fixtures.KEY)
			.param("prYvpoll", Fixtures.pollUrl(otherPlatform.baseUrl())))
			.andExpect(redirectedUrl("/"))
			.andExpect(authenticated().withUsername(Fixtures.USERNAME));
		this.mvc.perform(get("/api/streams").session(session)).andExpect(status().isOk());
		assertThat(platform.server().findAll(WireMock.anyRequestedFor(WireMock.urlPathMatching("/(reg/access|" + Fixtures.USERNAME + ").*"))))
			.isEmpty();
		otherPlatform.server().verify(1, WireMock.getRequestedFor(WireMock.urlEqualTo("/reg/access/" + Fixtures.KEY)));
		otherPlatform.server().verify(1, WireMock.getRequestedFor(WireMock.urlEqualTo("/" + Fixtures.USERNAME + "/streams")));
	}

	@Test
	void noteAndValueAreValidatedBeforeAnyCall() throws Exception {
		MockHttpSession session = signedIn();
		this.mvc.perform(post("/api/events").session(session).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"streamId\":\"diary\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error.message").value("Give either a note or a numeric value, not neither"));
		this.mvc.perform(post("/events").session(session).with(csrf()).param("streamId", "body").param("value", "seventy"))
			.andExpect(redirectedUrl("/"))
			.andExpect(flash().attribute("error", "The value 'seventy' is not a number"));
		assertThat(platform.server().findAll(WireMock.postRequestedFor(WireMock.urlPathMatching("/" + Fixtures.USERNAME + "/.*"))))
			.isEmpty();
	}

}
