package io.pryv.spring.security;


import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.client.AuthState;
import io.pryv.spring.web.server.WebFluxTestApp;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux login ({@link ServerPryvLoginConfigurer}) alone in a minimal app
 * on Reactor Netty ({@code anyExchange().authenticated()} and the sign-in,
 * nothing else), against WireMock platforms replaying the recorded answers of
 * a real Pryv server: every case of {@code PryvLoginConfigurerTest} (the
 * servlet login), each test named as its servlet twin. The app is
 * {@link PryvLoginWebFluxApp}.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerPryvLoginTest {

	private static final PryvPlatformStub platform = new PryvPlatformStub();

	/** A second platform, in the allow-list. */
	private static final PryvPlatformStub otherPlatform = new PryvPlatformStub();

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final InMemoryWebSessionStore sessions = new InMemoryWebSessionStore();

	private static WebFluxTestApp app;

	private static AuthenticationEvents events;

	private Browser browser;

	@BeforeAll
	static void start() {
		DefaultWebSessionManager sessionManager = new DefaultWebSessionManager();
		sessionManager.setSessionStore(sessions);
		app = new WebFluxTestApp(sessionManager, new String[] { "pryv.service-info-url=" + platform.serviceInfoUrl(),
				"pryv.app-id=test-portal", "pryv.permissions[0].stream-id=heart", "pryv.permissions[0].level=read",
				"pryv.security.allowed-service-info-urls=" + otherPlatform.serviceInfoUrl(),
				"logging.level.io.pryv=DEBUG", "logging.level.org.springframework.security=TRACE" }, PryvLoginWebFluxApp.class);
		events = app.context().getBean(AuthenticationEvents.class);
	}

	@AfterAll
	static void stop() {
		app.close();
		platform.close();
		otherPlatform.close();
	}

	@BeforeEach
	void reset() {
		platform.reset();
		otherPlatform.reset();
		events.received.clear();
		this.browser = new Browser(app.baseUrl());
	}

	private WebTestClient client() {
		return this.browser.client();
	}

	private WebTestClient.ResponseSpec post(String path, String... fields) {
		return this.browser.post(path, "/login/pryv", fields);
	}

	private void startSignIn() {
		String location = post("/login/pryv").expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		assertThat(location).startsWith(platform.baseUrl() + "/fake-auth-ui/access.html?")
			.contains("key=" + PryvPlatformStub.KEY);
	}

	private WebTestClient.ResponseSpec returnFrom(PryvPlatformStub from, String... extra) {
		return client().get().uri((uri) -> {
			uri.path("/login/pryv/return")
				.queryParam("prYvkey", PryvPlatformStub.KEY)
				.queryParam("prYvstatus", "{status}")
				.queryParam("prYvpoll", "{poll}");
			for (int i = 0; i < extra.length; i += 2) {
				uri.queryParam(extra[i], "{" + extra[i] + "}");
			}
			Object[] values = new Object[2 + extra.length / 2];
			values[0] = "ACCEPTED";
			values[1] = from.pollUrl();
			for (int i = 1; i < extra.length; i += 2) {
				values[2 + i / 2] = extra[i];
			}
			return uri.build(values);
		}).exchange();
	}

	private void signedIn() {
		startSignIn();
		platform.accept();
		returnFrom(platform).expectStatus().isFound();
		assertThat(authentication()).isInstanceOf(PryvAuthenticationToken.class);
	}

	private WebSession session() {
		String id = this.browser.session();
		return (id != null) ? sessions.retrieveSession(id).block() : null;
	}

	/** The authentication in the browser's session, as Spring Security keeps it, or {@code null}. */
	private PryvAuthenticationToken authentication() {
		WebSession session = session();
		SecurityContext context = (session != null) ? session
			.getAttribute(WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME) : null;
		return (context != null) ? (PryvAuthenticationToken) context.getAuthentication() : null;
	}

	private PryvAuthenticationException failure() {
		Object failure = session().getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
		assertThat(failure).isInstanceOf(PryvAuthenticationException.class);
		return (PryvAuthenticationException) failure;
	}

	@Test
	void startSendsTheConfiguredAuthRequestWithTheReturnEndpoint() {
		startSignIn();
		LoggedRequest sent = platform.server().findAll(WireMock.postRequestedFor(WireMock.urlMatching("/reg/access/?"))).get(0);
		JsonNode body = mapper.readTree(sent.getBodyAsString());
		assertThat(body.path("requestingAppId").asString()).isEqualTo("test-portal");
		assertThat(body.path("returnURL").asString()).isEqualTo(app.baseUrl() + "/login/pryv/return?");
		assertThat(body.path("requestedPermissions").findValuesAsString("streamId")).containsExactly("heart");
	}

	@Test
	void acceptedSignInAuthenticatesAPryvUserRotatesTheSessionAndRedirectsCleanly() {
		startSignIn();
		String sessionIdBefore = this.browser.session();
		platform.accept();
		returnFrom(platform).expectStatus()
			.isFound()
			.expectHeader()
			.location("/")
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer");
		assertThat(this.browser.session()).isNotNull().isNotEqualTo(sessionIdBefore);
		assertThat(sessions.retrieveSession(sessionIdBefore).block()).isNull();
		PryvAuthenticationToken authentication = authentication();
		assertThat(authentication.getName()).isEqualTo(PryvPlatformStub.USERNAME);
		assertThat(authentication.getAuthorities()).containsExactly(new SimpleGrantedAuthority("ROLE_PRYV_USER"),
				new SimpleGrantedAuthority("PRYV_STREAM_heart:read"),
				new SimpleGrantedAuthority("PRYV_FEATURE_selfRevoke:forbidden"));
		PryvUser user = authentication.getPrincipal();
		assertThat(user.serviceInfoUrl()).isEqualTo(platform.serviceInfoUrl());
		assertThat(user.permissions()).contains(new PryvPermission("heart", "read", null, null));
		assertThat(events.received).hasAtLeastOneElementOfType(AuthenticationSuccessEvent.class)
			.hasAtLeastOneElementOfType(InteractiveAuthenticationSuccessEvent.class);

		client().get()
			.uri("/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.principal")
			.isEqualTo(PryvPlatformStub.USERNAME)
			.jsonPath("$.connection")
			.isEqualTo(PryvPlatformStub.USERNAME)
			.jsonPath("$.permissions[0]")
			.isEqualTo("heart:read");
	}

	@Test
	void refusedSignInFailsWithThePlatformsReasonAndPublishesAFailureEvent() {
		startSignIn();
		platform.refuse();
		returnFrom(platform).expectStatus().isFound().expectHeader().location("/login/pryv?error");
		assertThat(authentication()).isNull();
		PryvAuthenticationException failure = failure();
		assertThat(failure.status()).isEqualTo(AuthState.Status.REFUSED);
		assertThat(failure.reasonId()).isEqualTo("REFUSED_BY_USER");
		assertThat(failure.getMessage()).contains("refused");
		assertThat(events.received).hasAtLeastOneElementOfType(PryvAuthenticationFailureEvent.class);
		client().get()
			.uri("/login/pryv?error")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("You refused to give this app access"));
		// over: a second return does not poll again
		int polls = platform.polls();
		returnFrom(platform).expectHeader().location("/login/pryv?error");
		assertThat(platform.polls()).isEqualTo(polls);
	}

	@Test
	void expiredSignInFailsAsExpired() {
		startSignIn();
		platform.forget();
		returnFrom(platform).expectHeader().location("/login/pryv?error");
		assertThat(authentication()).isNull();
		assertThat(failure().status()).isEqualTo(AuthState.Status.EXPIRED);
		assertThat(failure().getMessage()).contains("expired");
	}

	@Test
	void aPlatformErrorFailsWithItsReasonAndMessage() {
		startSignIn();
		platform.fail();
		returnFrom(platform).expectHeader().location("/login/pryv?error");
		assertThat(authentication()).isNull();
		assertThat(failure().status()).isEqualTo(AuthState.Status.ERROR);
		assertThat(failure().reasonId()).isEqualTo("INVALID_REQUEST");
		assertThat(failure().getMessage()).contains("The request is broken");
	}

	@Test
	void anUnreachablePlatformFailsButKeepsTheSignInPending() {
		startSignIn();
		platform.breakDown();
		returnFrom(platform).expectHeader().location("/login/pryv?error");
		assertThat(failure().reasonId()).isEqualTo(PryvAuthenticationException.PLATFORM_UNREACHABLE);
		platform.accept();
		returnFrom(platform).expectStatus().isFound().expectHeader().location("/");
		assertThat(authentication()).isNotNull();
	}

	@Test
	void aReturnBeforeTheAnswerShowsAWaitingPageThenSignsInWhenAccepted() {
		startSignIn();
		returnFrom(platform).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Referrer-Policy", "no-referrer")
			.expectBody(String.class)
			.value((page) -> assertThat(page)
				.contains("<meta http-equiv=\"refresh\" content=\"2;url=/login/pryv/return\">"));
		assertThat(authentication()).isNull();
		platform.accept();
		client().get().uri("/login/pryv/return").exchange().expectHeader().location("/");
		assertThat(authentication().getName()).isEqualTo(PryvPlatformStub.USERNAME);
	}

	@Test
	void aForeignPollUrlIsRefusedWithoutCallingThePlatform() {
		startSignIn();
		platform.accept();
		client().get()
			.uri((uri) -> uri.path("/login/pryv/return")
				.queryParam("prYvkey", PryvPlatformStub.KEY)
				.queryParam("prYvpoll", "{poll}")
				.build("http://attacker.example/reg/access/" + PryvPlatformStub.KEY))
			.exchange()
			.expectHeader()
			.location("/login/pryv?error");
		assertThat(authentication()).isNull();
		assertThat(failure().reasonId()).isEqualTo(PryvAuthenticationException.REJECTED_RETURN);
		assertThat(platform.polls()).isZero();
		// the pending sign-in of this browser is intact
		returnFrom(platform).expectHeader().location("/");
		assertThat(authentication()).isNotNull();
	}

	@Test
	void aReturnForAnotherKeyIsRefusedWithoutCallingThePlatform() {
		startSignIn();
		platform.accept();
		client().get()
			.uri((uri) -> uri.path("/login/pryv/return")
				.queryParam("prYvkey", "someoneElsesKey1")
				.queryParam("prYvpoll", "{poll}")
				.build(platform.baseUrl() + "/reg/access/someoneElsesKey1"))
			.exchange()
			.expectHeader()
			.location("/login/pryv?error");
		assertThat(authentication()).isNull();
		assertThat(failure().getMessage()).contains("another sign-in request");
		assertThat(platform.polls()).isZero();
	}

	@Test
	void aReturnWithoutAPendingSignInIsRefusedWithoutCallingThePlatform() {
		platform.accept();
		returnFrom(platform).expectHeader().location("/login/pryv?error");
		assertThat(authentication()).isNull();
		assertThat(failure().reasonId()).isEqualTo(PryvAuthenticationException.NO_PENDING_REQUEST);
		assertThat(platform.polls()).isZero();
	}

	@Test
	void aForgedEndpointOrUsernameInTheReturnIsNeverRead() {
		startSignIn();
		String forged = "http://" + PryvPlatformStub.TOKEN + "@127.0.0.1:" + platform.server().port() + "/"
				+ PryvPlatformStub.USERNAME + "/";
		returnFrom(platform, "prYvapiEndpoint", forged, "prYvusername", PryvPlatformStub.USERNAME, "prYvtoken",
				PryvPlatformStub.TOKEN)
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).doesNotContain(PryvPlatformStub.TOKEN));
		assertThat(authentication()).isNull();
		client().get().uri("/me").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
		assertThat(platform.server().findAll(WireMock.anyRequestedFor(
				WireMock.urlPathMatching("/" + PryvPlatformStub.USERNAME + "/.*")))).isEmpty();
	}

	@Test
	void theStartEndpointNeedsTheCsrfToken() {
		client().post().uri("/login/pryv").exchange().expectStatus().isForbidden();
		client().post()
			.uri("/login/pryv")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("_csrf=forged")
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(platform.server().findAll(WireMock.postRequestedFor(WireMock.anyUrl()))).isEmpty();
	}

	@Test
	void anAllowListedPlatformCanBeChosenAndTheWholeSignInGoesToIt() {
		String location = post("/login/pryv", "pryvServiceInfoUrl", otherPlatform.serviceInfoUrl()).expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		assertThat(location).startsWith(otherPlatform.baseUrl() + "/fake-auth-ui/");
		otherPlatform.accept();
		returnFrom(otherPlatform).expectHeader().location("/");
		assertThat(authentication().getName()).isEqualTo(PryvPlatformStub.USERNAME);
		assertThat(authentication().getPrincipal().serviceInfoUrl()).isEqualTo(otherPlatform.serviceInfoUrl());
		assertThat(platform.server().findAll(WireMock.anyRequestedFor(WireMock.urlPathMatching("/(reg/access|"
				+ PryvPlatformStub.USERNAME + ").*")))).isEmpty();
		otherPlatform.server().verify(1, WireMock.getRequestedFor(WireMock.urlEqualTo("/reg/access/" + PryvPlatformStub.KEY)));
	}

	@Test
	void aPlatformOutsideTheAllowListIsRefused() {
		post("/login/pryv", "pryvServiceInfoUrl", "https://attacker.example/service/info").expectHeader()
			.location("/login/pryv?error");
		assertThat(failure().reasonId()).isEqualTo(PryvAuthenticationException.PLATFORM_NOT_ALLOWED);
		assertThat(failure().getMessage()).contains("not one this app may use");
		assertThat(platform.server().findAll(WireMock.postRequestedFor(WireMock.anyUrl()))).isEmpty();
		client().post()
			.uri("/login/pryv")
			.accept(MediaType.APPLICATION_JSON)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("_csrf=" + this.browser.csrf("/login/pryv") + "&pryvServiceInfoUrl=https://attacker.example/service/info")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.reasonId")
			.isEqualTo(PryvAuthenticationException.PLATFORM_NOT_ALLOWED);
	}

	@Test
	void aPopupPageStartsAsJsonAndPollsTheStatusEndpoint() {
		client().get().uri("/login/pryv/status").exchange().expectBody().jsonPath("$.status").isEqualTo("NONE");
		client().post()
			.uri("/login/pryv")
			.accept(MediaType.APPLICATION_JSON)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("_csrf=" + this.browser.csrf("/login/pryv"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("NEED_SIGNIN")
			.jsonPath("$.authUrl")
			.value((String url) -> assertThat(url).startsWith(platform.baseUrl()))
			.jsonPath("$.pollRateMs")
			.isEqualTo(1000);
		client().get().uri("/login/pryv/status").exchange().expectBody().jsonPath("$.status").isEqualTo("NEED_SIGNIN");
		assertThat(authentication()).isNull();
		platform.accept();
		String body = client().get()
			.uri("/login/pryv/status")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(mapper.readTree(body).path("status").asString()).isEqualTo("ACCEPTED");
		assertThat(mapper.readTree(body).path("username").asString()).isEqualTo(PryvPlatformStub.USERNAME);
		assertThat(authentication().getName()).isEqualTo(PryvPlatformStub.USERNAME);
		assertThat(body).doesNotContain(PryvPlatformStub.TOKEN).doesNotContain("apiEndpoint");
		client().get()
			.uri("/login/pryv/status")
			.exchange()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("ACCEPTED")
			.jsonPath("$.username")
			.isEqualTo(PryvPlatformStub.USERNAME);
	}

	@Test
	void theStatusEndpointReportsARefusalAsJson() {
		startSignIn();
		platform.refuse();
		client().get()
			.uri("/login/pryv/status")
			.exchange()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("REFUSED")
			.jsonPath("$.reasonId")
			.isEqualTo("REFUSED_BY_USER");
		assertThat(authentication()).isNull();
		client().get().uri("/login/pryv/status").exchange().expectBody().jsonPath("$.status").isEqualTo("NONE");
	}

	@Test
	void withoutSignInPagesGoToTheGeneratedSignInPageAndScriptsGet401() {
		client().get().uri("/me").accept(MediaType.TEXT_HTML).exchange().expectStatus().isFound().expectHeader()
			.location("/login/pryv");
		client().get().uri("/me").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
		client().get().uri("/me").header("X-Requested-With", "XMLHttpRequest").exchange().expectStatus().isUnauthorized();
		client().get()
			.uri("/login/pryv")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("<form method=\"post\" action=\"/login/pryv\">")
				.contains("name=\"_csrf\""));
	}

	@Test
	void logoutWithTheRevokeParameterRevokesTheAccessOnThePlatform() {
		signedIn();
		post("/logout", "revoke", "on").expectStatus().isFound();
		assertThat(authentication()).isNull();
		platform.server().verify(1, WireMock.deleteRequestedFor(
				WireMock.urlEqualTo("/" + PryvPlatformStub.USERNAME + "/accesses/" + PryvPlatformStub.ACCESS_ID)));
	}

	@Test
	void logoutWithoutTheRevokeParameterLeavesTheAccess() {
		signedIn();
		post("/logout").expectStatus().isFound();
		assertThat(authentication()).isNull();
		assertThat(platform.server().findAll(WireMock.deleteRequestedFor(WireMock.anyUrl()))).isEmpty();
		client().get().uri("/me").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
	}

	@Test
	void noTokenInLogsMessagesAuthenticationsOrPages(CapturedOutput output) {
		startSignIn();
		returnFrom(platform).expectStatus().isOk(); // waiting page
		platform.accept();
		returnFrom(platform).expectStatus().isFound();
		assertThat(authentication().toString()).doesNotContain(PryvPlatformStub.TOKEN).contains(PryvPlatformStub.USERNAME);
		assertThat(events.received).isNotEmpty()
			.allSatisfy((event) -> assertThat(event.getAuthentication().toString()).doesNotContain(PryvPlatformStub.TOKEN));
		String me = client().get().uri("/me").exchange().expectBody(String.class).returnResult().getResponseBody();
		assertThat(me).doesNotContain(PryvPlatformStub.TOKEN);
		post("/logout", "revoke", "on").expectStatus().isFound();
		this.browser = new Browser(app.baseUrl());
		startSignIn();
		platform.refuse();
		returnFrom(platform).expectStatus().isFound();
		assertThat(failure().getMessage()).doesNotContain(PryvPlatformStub.TOKEN);
		assertThat(output.getAll()).contains("AuthenticationWebFilter").doesNotContain(PryvPlatformStub.TOKEN);
	}

}
