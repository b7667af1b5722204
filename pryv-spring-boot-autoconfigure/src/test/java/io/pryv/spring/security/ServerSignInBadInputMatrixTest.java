package io.pryv.spring.security;

import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebFluxAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.security.PryvReactiveSecurityAutoConfiguration;
import io.pryv.spring.web.server.WebFluxTestApp;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.server.session.DefaultWebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux sign-in's start refuses what the servlet one refuses
 * ({@code SignInBadInputMatrixTest}): a {@code pryvServiceInfoUrl} outside the
 * allowed platforms, and a {@code returnURL} (from the application's naive
 * resolver) that does not lead back to the app; no request reaches any platform.
 */
class ServerSignInBadInputMatrixTest {

	private static final PryvPlatformStub platform = new PryvPlatformStub();

	private static final PryvPlatformStub foreign = new PryvPlatformStub();

	private static WebFluxTestApp app;

	private Browser browser;

	@BeforeAll
	static void start() {
		app = new WebFluxTestApp(new DefaultWebSessionManager(), new String[] {
				"pryv.service-info-url=" + platform.serviceInfoUrl(), "pryv.app-id=test-portal",
				"pryv.permissions[0].stream-id=heart", "pryv.permissions[0].level=read" }, App.class);
	}

	@AfterAll
	static void stop() {
		app.close();
		platform.close();
		foreign.close();
	}

	@BeforeEach
	void reset() {
		platform.reset();
		foreign.reset();
		this.browser = new Browser(app.baseUrl());
	}

	static Stream<Arguments> returnUrlsNotOfTheApp() {
		return Stream.of(Arguments.of("another host", "https://evil.example/login/pryv/return?"),
				Arguments.of("another path", "{app}/elsewhere?"),
				Arguments.of("the return path as a prefix", "{app}/login/pryv/return-evil?"),
				Arguments.of("the app as user-info of another host", "http://localhost@evil.example/login/pryv/return?"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("returnUrlsNotOfTheApp")
	void aReturnUrlNotOfTheAppIsRefusedWithoutAnyRequest(String what, String returnUrl) {
		this.browser.post("/login/pryv", "/login/pryv", "next", returnUrl.replace("{app}", app.baseUrl()))
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueMatches("Location", ".*/login/pryv\\?error");
		assertNoRequestReachedAnyPlatform();
	}

	@Test
	void aPlatformOutsideTheAllowedOnesIsRefusedWithoutAnyRequest() {
		this.browser.post("/login/pryv", "/login/pryv", "pryvServiceInfoUrl", foreign.serviceInfoUrl())
			.expectStatus()
			.isFound()
			.expectHeader()
			.valueMatches("Location", ".*/login/pryv\\?error");
		assertNoRequestReachedAnyPlatform();
	}

	@Test
	void theAppsOwnReturnEndpointWithItsOwnQueryIsSent() {
		String own = app.baseUrl() + "/login/pryv/return?tenant=acme&";
		this.browser.post("/login/pryv", "/login/pryv", "next", own).expectStatus().isFound();
		String sent = platform.server()
			.findAll(WireMock.postRequestedFor(WireMock.urlMatching("/reg/access/?")))
			.get(0)
			.getBodyAsString();
		assertThat(JsonMapper.builder().build().readTree(sent).path("returnURL").asString()).isEqualTo(own);
	}

	private static void assertNoRequestReachedAnyPlatform() {
		for (PryvPlatformStub stub : List.of(platform, foreign)) {
			assertThat(stub.server().findAll(WireMock.anyRequestedFor(WireMock.anyUrl())))
				.as("requests that reached %s", stub.baseUrl())
				.isEmpty();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@ImportAutoConfiguration({ PryvClientAutoConfiguration.class, PryvWebFluxAutoConfiguration.class,
			ReactiveWebSecurityAutoConfiguration.class, PryvReactiveSecurityAutoConfiguration.class })
	static class App {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ServerPryvLoginConfigurer pryvLogin) {
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
			// a naive resolver: "send the user back where 'next' says"
			pryvLogin.authRequestResolver((exchange, configured) -> exchange.getFormData()
				.map((form) -> (form.getFirst("next") != null) ? configured.withReturnUrl(form.getFirst("next"))
						: configured));
			pryvLogin.configure(http);
			return http.build();
		}

	}

}
