package io.pryv.spring.security;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.client.AuthState;
import io.pryv.client.PryvConnection;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code pryvLogin()} alone in a minimal app ({@code anyRequest().authenticated()}
 * and the configurer, nothing else), against WireMock platforms replaying the
 * recorded answers of a real Pryv server.
 */
@SpringBootTest(classes = PryvLoginConfigurerTest.App.class,
		properties = { "logging.level.io.pryv=DEBUG", "logging.level.org.springframework.security=TRACE" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class PryvLoginConfigurerTest {

	private static final PryvPlatformStub platform = new PryvPlatformStub();

	/** A second platform, in the allow-list. */
	private static final PryvPlatformStub otherPlatform = new PryvPlatformStub();

	private static final JsonMapper mapper = JsonMapper.builder().build();

	@Autowired
	private MockMvc mvc;

	@Autowired
	private AuthenticationEvents events;

	@DynamicPropertySource
	static void pryvPlatform(DynamicPropertyRegistry registry) {
		registry.add("pryv.service-info-url", platform::serviceInfoUrl);
		registry.add("pryv.app-id", () -> "test-portal");
		registry.add("pryv.permissions[0].stream-id", () -> "heart");
		registry.add("pryv.permissions[0].level", () -> "read");
		registry.add("pryv.security.allowed-service-info-urls", otherPlatform::serviceInfoUrl);
	}

	@AfterAll
	static void stopPlatforms() {
		platform.close();
		otherPlatform.close();
	}

	@BeforeEach
	void reset() {
		platform.reset();
		otherPlatform.reset();
		this.events.received.clear();
	}

	private MockHttpSession startSignIn() throws Exception {
		MockHttpSession session = new MockHttpSession();
		String location = this.mvc.perform(post("/login/pryv").session(session).with(csrf()))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith(platform.baseUrl() + "/fake-auth-ui/access.html?")
			.contains("key=" + PryvPlatformStub.KEY);
		return session;
	}

	private static MockHttpServletRequestBuilder returnFrom(PryvPlatformStub from, MockHttpSession session) {
		return get("/login/pryv/return").session(session)
			.param("prYvkey", PryvPlatformStub.KEY)
			.param("prYvstatus", "ACCEPTED")
			.param("prYvpoll", from.pollUrl());
	}

	private MockHttpSession signedIn() throws Exception {
		MockHttpSession session = startSignIn();
		platform.accept();
		this.mvc.perform(returnFrom(platform, session)).andExpect(authenticated());
		return session;
	}

	private static PryvAuthenticationException failure(MvcResult result) {
		Object failure = result.getRequest().getSession().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
		assertThat(failure).isInstanceOf(PryvAuthenticationException.class);
		return (PryvAuthenticationException) failure;
	}

	@Test
	void startSendsTheConfiguredAuthRequestWithTheReturnEndpoint() throws Exception {
		startSignIn();
		LoggedRequest sent = platform.server().findAll(WireMock.postRequestedFor(WireMock.urlMatching("/reg/access/?"))).get(0);
		JsonNode body = mapper.readTree(sent.getBodyAsString());
		assertThat(body.path("requestingAppId").asString()).isEqualTo("test-portal");
		assertThat(body.path("returnURL").asString()).isEqualTo("http://localhost/login/pryv/return?");
		assertThat(body.path("requestedPermissions").findValuesAsString("streamId")).containsExactly("heart");
	}

	@Test
	void acceptedSignInAuthenticatesAPryvUserRotatesTheSessionAndRedirectsCleanly() throws Exception {
		MockHttpSession session = startSignIn();
		String sessionIdBefore = session.getId();
		platform.accept();
		MvcResult result = this.mvc.perform(returnFrom(platform, session))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"))
			.andExpect(header().string("Referrer-Policy", "no-referrer"))
			.andExpect(authenticated().withUsername(PryvPlatformStub.USERNAME)
				.withAuthorities(List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_PRYV_USER"),
						new org.springframework.security.core.authority.SimpleGrantedAuthority("PRYV_STREAM_heart:read"),
						new org.springframework.security.core.authority.SimpleGrantedAuthority(
								"PRYV_FEATURE_selfRevoke:forbidden"))))
			.andReturn();
		assertThat(result.getRequest().getSession(false)).isNotNull();
		assertThat(result.getRequest().getSession(false).getId()).isNotEqualTo(sessionIdBefore);
		SecurityContext context = (SecurityContext) result.getRequest().getSession(false)
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		assertThat(context.getAuthentication()).isInstanceOf(PryvAuthenticationToken.class);
		PryvUser user = (PryvUser) context.getAuthentication().getPrincipal();
		assertThat(user.serviceInfoUrl()).isEqualTo(platform.serviceInfoUrl());
		assertThat(user.permissions()).contains(new PryvPermission("heart", "read", null, null));
		assertThat(this.events.received).hasAtLeastOneElementOfType(AuthenticationSuccessEvent.class)
			.hasAtLeastOneElementOfType(InteractiveAuthenticationSuccessEvent.class);

		this.mvc.perform(get("/me").session(session))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.principal").value(PryvPlatformStub.USERNAME))
			.andExpect(jsonPath("$.connection").value(PryvPlatformStub.USERNAME))
			.andExpect(jsonPath("$.permissions[0]").value("heart:read"));
	}

	@Test
	void refusedSignInFailsWithThePlatformsReasonAndPublishesAFailureEvent() throws Exception {
		MockHttpSession session = startSignIn();
		platform.refuse();
		MvcResult result = this.mvc.perform(returnFrom(platform, session).param("prYvstatus", "REFUSED"))
			.andExpect(redirectedUrl("/login/pryv?error"))
			.andExpect(unauthenticated())
			.andReturn();
		PryvAuthenticationException failure = failure(result);
		assertThat(failure.status()).isEqualTo(AuthState.Status.REFUSED);
		assertThat(failure.reasonId()).isEqualTo("REFUSED_BY_USER");
		assertThat(failure.getMessage()).contains("refused");
		assertThat(this.events.received).hasAtLeastOneElementOfType(PryvAuthenticationFailureEvent.class);
		this.mvc.perform(get("/login/pryv").param("error", "").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("You refused to give this app access")));
		// over: a second return does not poll again
		int polls = platform.polls();
		this.mvc.perform(returnFrom(platform, session)).andExpect(redirectedUrl("/login/pryv?error"));
		assertThat(platform.polls()).isEqualTo(polls);
	}

	@Test
	void expiredSignInFailsAsExpired() throws Exception {
		MockHttpSession session = startSignIn();
		platform.forget();
		MvcResult result = this.mvc.perform(returnFrom(platform, session))
			.andExpect(redirectedUrl("/login/pryv?error"))
			.andExpect(unauthenticated())
			.andReturn();
		assertThat(failure(result).status()).isEqualTo(AuthState.Status.EXPIRED);
		assertThat(failure(result).getMessage()).contains("expired");
	}

	@Test
	void aPlatformErrorFailsWithItsReasonAndMessage() throws Exception {
		MockHttpSession session = startSignIn();
		platform.fail();
		MvcResult result = this.mvc.perform(returnFrom(platform, session))
			.andExpect(redirectedUrl("/login/pryv?error"))
			.andExpect(unauthenticated())
			.andReturn();
		assertThat(failure(result).status()).isEqualTo(AuthState.Status.ERROR);
		assertThat(failure(result).reasonId()).isEqualTo("INVALID_REQUEST");
		assertThat(failure(result).getMessage()).contains("The request is broken");
	}

	@Test
	void anUnreachablePlatformFailsButKeepsTheSignInPending() throws Exception {
		MockHttpSession session = startSignIn();
		platform.breakDown();
		MvcResult result = this.mvc.perform(returnFrom(platform, session))
			.andExpect(redirectedUrl("/login/pryv?error"))
			.andReturn();
		assertThat(failure(result).reasonId()).isEqualTo(PryvAuthenticationException.PLATFORM_UNREACHABLE);
		platform.accept();
		this.mvc.perform(returnFrom(platform, session)).andExpect(authenticated());
	}

	@Test
	void aReturnBeforeTheAnswerShowsAWaitingPageThenSignsInWhenAccepted() throws Exception {
		MockHttpSession session = startSignIn();
		this.mvc.perform(returnFrom(platform, session))
			.andExpect(status().isOk())
			.andExpect(header().string("Referrer-Policy", "no-referrer"))
			.andExpect(content().string(org.hamcrest.Matchers
				.containsString("<meta http-equiv=\"refresh\" content=\"2;url=/login/pryv/return\">")))
			.andExpect(unauthenticated());
		platform.accept();
		this.mvc.perform(get("/login/pryv/return").session(session))
			.andExpect(redirectedUrl("/"))
			.andExpect(authenticated().withUsername(PryvPlatformStub.USERNAME));
	}

	@Test
	void aForeignPollUrlIsRefusedWithoutCallingThePlatform() throws Exception {
		MockHttpSession session = startSignIn();
		platform.accept();
		MvcResult result = this.mvc.perform(get("/login/pryv/return").session(session)
			.param("prYvkey", PryvPlatformStub.KEY)
			.param("prYvpoll", "http://attacker.example/reg/access/" + PryvPlatformStub.KEY))
			.andExpect(redirectedUrl("/login/pryv?error"))
			.andExpect(unauthenticated())
			.andReturn();
		assertThat(failure(result).reasonId()).isEqualTo(PryvAuthenticationException.REJECTED_RETURN);
		assertThat(platform.polls()).isZero();
		// the pending sign-in of this browser is intact
		this.mvc.perform(returnFrom(platform, session)).andExpect(authenticated());
	}

	@Test
	void aReturnForAnotherKeyIsRefusedWithoutCallingThePlatform() throws Exception {
		MockHttpSession session = startSignIn();
		platform.accept();
		MvcResult result = this.mvc.perform(get("/login/pryv/return").session(session)
			.param("prYvkey", "someoneElsesKey1")
			.param("prYvpoll", platform.baseUrl() + "/reg/access/someoneElsesKey1"))
			.andExpect(redirectedUrl("/login/pryv?error"))
			.andExpect(unauthenticated())
			.andReturn();
		assertThat(failure(result).getMessage()).contains("another sign-in request");
		assertThat(platform.polls()).isZero();
	}

	@Test
	void aReturnWithoutAPendingSignInIsRefusedWithoutCallingThePlatform() throws Exception {
		platform.accept();
		MvcResult result = this.mvc.perform(returnFrom(platform, new MockHttpSession()))
			.andExpect(redirectedUrl("/login/pryv?error"))
			.andExpect(unauthenticated())
			.andReturn();
		assertThat(failure(result).reasonId()).isEqualTo(PryvAuthenticationException.NO_PENDING_REQUEST);
		assertThat(platform.polls()).isZero();
	}

	@Test
	void aForgedEndpointOrUsernameInTheReturnIsNeverRead() throws Exception {
		MockHttpSession session = startSignIn();
		String forged = "http://" + PryvPlatformStub.TOKEN + "@127.0.0.1:" + platform.server().port() + "/"
				+ PryvPlatformStub.USERNAME + "/";
		this.mvc.perform(returnFrom(platform, session).param("prYvapiEndpoint", forged)
			.param("prYvusername", PryvPlatformStub.USERNAME)
			.param("prYvtoken", PryvPlatformStub.TOKEN))
			.andExpect(status().isOk())
			.andExpect(unauthenticated())
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(PryvPlatformStub.TOKEN))));
		this.mvc.perform(get("/me").session(session).accept(MediaType.APPLICATION_JSON)).andExpect(status().isUnauthorized());
		assertThat(platform.server().findAll(WireMock.anyRequestedFor(
				WireMock.urlPathMatching("/" + PryvPlatformStub.USERNAME + "/.*")))).isEmpty();
	}

	@Test
	void theStartEndpointNeedsTheCsrfToken() throws Exception {
		this.mvc.perform(post("/login/pryv")).andExpect(status().isForbidden());
		assertThat(platform.server().findAll(WireMock.postRequestedFor(WireMock.anyUrl()))).isEmpty();
	}

	@Test
	void anAllowListedPlatformCanBeChosenAndTheWholeSignInGoesToIt() throws Exception {
		MockHttpSession session = new MockHttpSession();
		String location = this.mvc.perform(post("/login/pryv").session(session).with(csrf())
			.param("pryvServiceInfoUrl", otherPlatform.serviceInfoUrl()))
			.andExpect(status().isFound())
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		assertThat(location).startsWith(otherPlatform.baseUrl() + "/fake-auth-ui/");
		otherPlatform.accept();
		MvcResult result = this.mvc.perform(returnFrom(otherPlatform, session))
			.andExpect(authenticated().withUsername(PryvPlatformStub.USERNAME))
			.andReturn();
		SecurityContext context = (SecurityContext) result.getRequest().getSession(false)
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		assertThat(((PryvUser) context.getAuthentication().getPrincipal()).serviceInfoUrl())
			.isEqualTo(otherPlatform.serviceInfoUrl());
		assertThat(platform.server().findAll(WireMock.anyRequestedFor(WireMock.urlPathMatching("/(reg/access|"
				+ PryvPlatformStub.USERNAME + ").*")))).isEmpty();
		otherPlatform.server().verify(1, WireMock.getRequestedFor(WireMock.urlEqualTo("/reg/access/" + PryvPlatformStub.KEY)));
	}

	@Test
	void aPlatformOutsideTheAllowListIsRefused() throws Exception {
		MvcResult result = this.mvc.perform(post("/login/pryv").with(csrf())
			.param("pryvServiceInfoUrl", "https://attacker.example/service/info"))
			.andExpect(redirectedUrl("/login/pryv?error"))
			.andReturn();
		assertThat(failure(result).reasonId()).isEqualTo(PryvAuthenticationException.PLATFORM_NOT_ALLOWED);
		assertThat(failure(result).getMessage()).contains("not one this app may use");
		assertThat(platform.server().findAll(WireMock.postRequestedFor(WireMock.anyUrl()))).isEmpty();
		this.mvc.perform(post("/login/pryv").with(csrf())
			.accept(MediaType.APPLICATION_JSON)
			.param("pryvServiceInfoUrl", "https://attacker.example/service/info"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reasonId").value(PryvAuthenticationException.PLATFORM_NOT_ALLOWED));
	}

	@Test
	void aPopupPageStartsAsJsonAndPollsTheStatusEndpoint() throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc.perform(get("/login/pryv/status").session(session)).andExpect(jsonPath("$.status").value("NONE"));
		this.mvc.perform(post("/login/pryv").session(session).with(csrf()).accept(MediaType.APPLICATION_JSON))
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
			.andExpect(jsonPath("$.username").value(PryvPlatformStub.USERNAME))
			.andExpect(authenticated().withUsername(PryvPlatformStub.USERNAME))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(body).doesNotContain(PryvPlatformStub.TOKEN).doesNotContain("apiEndpoint");
		this.mvc.perform(get("/login/pryv/status").session(session))
			.andExpect(jsonPath("$.status").value("ACCEPTED"))
			.andExpect(jsonPath("$.username").value(PryvPlatformStub.USERNAME));
	}

	@Test
	void theStatusEndpointReportsARefusalAsJson() throws Exception {
		MockHttpSession session = startSignIn();
		platform.refuse();
		this.mvc.perform(get("/login/pryv/status").session(session))
			.andExpect(jsonPath("$.status").value("REFUSED"))
			.andExpect(jsonPath("$.reasonId").value("REFUSED_BY_USER"))
			.andExpect(unauthenticated());
		this.mvc.perform(get("/login/pryv/status").session(session)).andExpect(jsonPath("$.status").value("NONE"));
	}

	@Test
	void withoutSignInPagesGoToTheGeneratedSignInPageAndScriptsGet401() throws Exception {
		this.mvc.perform(get("/me")).andExpect(redirectedUrl("/login/pryv"));
		this.mvc.perform(get("/me").accept(MediaType.APPLICATION_JSON)).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/me").header("X-Requested-With", "XMLHttpRequest")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/login/pryv"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("<form method=\"post\" action=\"/login/pryv\">")))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("name=\"_csrf\"")));
	}

	@Test
	void logoutWithTheRevokeParameterRevokesTheAccessOnThePlatform() throws Exception {
		MockHttpSession session = signedIn();
		this.mvc.perform(post("/logout").session(session).with(csrf()).param("revoke", "on"))
			.andExpect(status().isFound())
			.andExpect(unauthenticated());
		platform.server().verify(1, WireMock.deleteRequestedFor(
				WireMock.urlEqualTo("/" + PryvPlatformStub.USERNAME + "/accesses/" + PryvPlatformStub.ACCESS_ID)));
	}

	@Test
	void logoutWithoutTheRevokeParameterLeavesTheAccess() throws Exception {
		MockHttpSession session = signedIn();
		this.mvc.perform(post("/logout").session(session).with(csrf())).andExpect(unauthenticated());
		assertThat(platform.server().findAll(WireMock.deleteRequestedFor(WireMock.anyUrl()))).isEmpty();
		this.mvc.perform(get("/me").session(session).accept(MediaType.APPLICATION_JSON)).andExpect(status().isUnauthorized());
	}

	@Test
	void noTokenInLogsMessagesAuthenticationsOrPages(CapturedOutput output) throws Exception {
		MockHttpSession session = startSignIn();
		this.mvc.perform(returnFrom(platform, session)); // waiting page
		platform.accept();
		MvcResult result = this.mvc.perform(returnFrom(platform, session)).andExpect(authenticated()).andReturn();
		SecurityContext context = (SecurityContext) result.getRequest().getSession(false)
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		assertThat(context.getAuthentication().toString()).doesNotContain(PryvPlatformStub.TOKEN)
			.contains(PryvPlatformStub.USERNAME);
		assertThat(this.events.received).allSatisfy((event) -> assertThat(event.getAuthentication().toString())
			.doesNotContain(PryvPlatformStub.TOKEN));
		String me = this.mvc.perform(get("/me").session(session)).andReturn().getResponse().getContentAsString();
		assertThat(me).doesNotContain(PryvPlatformStub.TOKEN);
		this.mvc.perform(post("/logout").session(session).with(csrf()).param("revoke", "on"));
		MockHttpSession refused = startSignIn();
		platform.refuse();
		MvcResult failed = this.mvc.perform(returnFrom(platform, refused)).andReturn();
		assertThat(failure(failed).getMessage()).doesNotContain(PryvPlatformStub.TOKEN);
		assertThat(output.getAll()).contains("PryvLoginAuthenticationFilter").doesNotContain(PryvPlatformStub.TOKEN);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(MeController.class)
	static class App {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated());
			http.with(PryvLoginConfigurer.pryvLogin(), Customizer.withDefaults());
			return http.build();
		}

		@Bean
		AuthenticationEvents events() {
			return new AuthenticationEvents();
		}

	}

	@RestController
	static class MeController {

		@GetMapping("/me")
		Map<String, Object> me(@AuthenticationPrincipal PryvUser user, PryvConnection connection) {
			return Map.of("principal", user.username(), "connection", connection.username(), "permissions",
					user.permissions().stream().filter((p) -> p.streamId() != null)
						.map((p) -> p.streamId() + ":" + p.level()).toList());
		}

	}

}
