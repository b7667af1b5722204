package io.pryv.spring.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebFluxAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.security.PryvReactiveSecurityAutoConfiguration;
import io.pryv.spring.web.server.ServerPryvConnectionRepository;
import io.pryv.spring.web.server.WebFluxTestApp;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.session.DefaultWebSessionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux login with every endpoint moved, the application's own pages and
 * handlers, an auth request resolver, an authorities mapper, and revocation on
 * every logout ({@code pryv.security.logout.revoke=true}): the cases of the
 * servlet {@code PryvLoginCustomizationTest}.
 */
class ServerPryvLoginCustomizationTest {

	private static final PryvPlatformStub platform = new PryvPlatformStub();

	private static WebFluxTestApp app;

	private Browser browser;

	@BeforeAll
	static void start() {
		app = new WebFluxTestApp(new DefaultWebSessionManager(), new String[] {
				"pryv.service-info-url=" + platform.serviceInfoUrl(), "pryv.app-id=test-portal",
				"pryv.permissions[0].stream-id=heart", "pryv.permissions[0].level=read",
				"pryv.security.logout.revoke=true" }, App.class);
	}

	@AfterAll
	static void stop() {
		app.close();
		platform.close();
	}

	@BeforeEach
	void reset() {
		platform.reset();
		this.browser = new Browser(app.baseUrl());
	}

	private WebTestClient.ResponseSpec post(String path) {
		return this.browser.client()
			.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("_csrf=" + java.net.URLEncoder.encode(this.browser.csrf("/welcome"), StandardCharsets.UTF_8))
			.exchange();
	}

	@Test
	void everyEndpointPageAndHandlerCanBeTheApplicationsOwn() {
		WebTestClient client = this.browser.client();
		client.get().uri("/private").accept(MediaType.TEXT_HTML).exchange().expectHeader().location("/welcome");
		// no generated page: the old path is just another protected page
		client.get().uri("/login/pryv").accept(MediaType.TEXT_HTML).exchange().expectStatus().isFound().expectHeader().location("/welcome");
		post("/signin").expectStatus().isFound();
		String sent = platform.server()
			.findAll(WireMock.postRequestedFor(WireMock.urlMatching("/reg/access/?")))
			.get(0)
			.getBodyAsString();
		JsonNode body = JsonMapper.builder().build().readTree(sent);
		assertThat(body.path("returnURL").asString()).isEqualTo(app.baseUrl() + "/signin/back?");
		assertThat(body.path("clientData").path("tenant").asString()).isEqualTo("acme");

		client.get().uri("/signin/back").exchange().expectHeader().location("/wait");
		client.get().uri("/signin/state").exchange().expectBody().json("{\"status\":\"NEED_SIGNIN\"}");
		platform.accept();
		client.get()
			.uri("/signin/back")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("welcome " + PryvPlatformStub.USERNAME);
		// the mapped authority is the one the app checks
		client.get().uri("/private").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("private");

		post("/logout").expectStatus().isFound();
		client.get().uri("/private").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
		platform.server().verify(1, WireMock.deleteRequestedFor(
				WireMock.urlEqualTo("/" + PryvPlatformStub.USERNAME + "/accesses/" + PryvPlatformStub.ACCESS_ID)));
	}

	@Test
	void theApplicationsFailureHandlerGetsTheReason() {
		post("/signin").expectStatus().isFound();
		platform.refuse();
		this.browser.client()
			.get()
			.uri("/signin/back")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(String.class)
			.isEqualTo("REFUSED REFUSED_BY_USER");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@ImportAutoConfiguration({ PryvClientAutoConfiguration.class, PryvWebFluxAutoConfiguration.class,
			ReactiveWebSecurityAutoConfiguration.class, PryvReactiveSecurityAutoConfiguration.class })
	@Import(Pages.class)
	static class App {

		@Bean
		SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ServerPryvLoginConfigurer pryvLogin,
				ServerPryvConnectionRepository connections) {
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/welcome", "/wait")
				.permitAll()
				.anyExchange()
				.hasRole("HEART_READER"));
			pryvLogin.startUri("/signin")
				.returnUri("/signin/back")
				.statusUri("/signin/state")
				.loginPage("/welcome")
				.waitingPage("/wait")
				.connectionRepository(connections)
				.authRequestResolver((exchange, configured) -> Mono.just(configured.withClientData(Map.of("tenant", "acme"))))
				.authoritiesMapper((authorities) -> authorities.stream()
					.anyMatch((authority) -> authority.getAuthority().equals("PRYV_STREAM_heart:read"))
							? List.of(new SimpleGrantedAuthority("ROLE_HEART_READER")) : List.of())
				.successHandler((exchange, authentication) -> write(exchange.getExchange(), HttpStatus.OK,
						"welcome " + authentication.getName()))
				.failureHandler((exchange, exception) -> {
					PryvAuthenticationException pryv = (PryvAuthenticationException) exception;
					return write(exchange.getExchange(), HttpStatus.FORBIDDEN, pryv.status() + " " + pryv.reasonId());
				})
				.configure(http);
			return http.build();
		}

		private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String text) {
			exchange.getResponse().setStatusCode(status);
			return exchange.getResponse()
				.writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8))));
		}

	}

	/** The app's own sign-in page (with the CSRF token for its form) and a protected page. */
	@RestController
	static class Pages {

		@GetMapping("/welcome")
		Mono<String> welcome(ServerWebExchange exchange) {
			Mono<CsrfToken> csrf = exchange.getAttribute(CsrfToken.class.getName());
			return csrf.map((token) -> "<form method=\"post\" action=\"/signin\"><input type=\"hidden\" name=\""
					+ token.getParameterName() + "\" value=\"" + token.getToken() + "\"></form>");
		}

		@GetMapping("/private")
		String privatePage() {
			return "private";
		}

	}

}
