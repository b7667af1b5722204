package io.pryv.spring.web.server;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvFixture;
import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.spring.web.PryvAuthorization;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static org.assertj.core.api.Assertions.assertThat;

/** A WebFlux controller taking a {@link ReactivePryvConnection} argument, resolved from the {@code WebSession}. */
@WireMockTest
class ReactivePryvConnectionArgumentResolverTest {

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private WebTestClient client;

	private String base;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		PryvService service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build();
		WebSessionServerPryvConnectionRepository repository = new WebSessionServerPryvConnectionRepository();
		this.client = WebTestClient
			.bindToController(new Controller(repository,
					new PryvAuthorization(ApiEndpoint.of(this.base + "/fixturejcstbv/", TOKEN), "fixturejcstbv")))
			.argumentResolvers((resolvers) -> resolvers.addCustomResolver(
					new ReactivePryvConnectionArgumentResolver(repository, new PryvConnectionFactory(service))))
			.build();
	}

	@Test
	void withoutALoginTheAnswerIs401() {
		this.client.get().uri("/me").exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/who").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void withALoginTheControllerGetsAWorkingConnection() {
		PryvFixture accessInfo = PryvFixture.load("access-info");
		stubFor(accessInfo.request().withHeader("Authorization", equalTo(TOKEN)).willReturn(accessInfo.response(this.base)));
		ResponseCookie session = this.client.post()
			.uri("/test-login")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Void.class)
			.getResponseCookies()
			.getFirst("SESSION");
		assertThat(session).isNotNull();
		this.client.get()
			.uri("/me")
			.cookie("SESSION", session.getValue())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("fixturejcstbv");
		this.client.get()
			.uri("/who")
			.cookie("SESSION", session.getValue())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("fixturejcstbv");
	}

	@RestController
	static class Controller {

		private final ServerPryvConnectionRepository repository;

		private final PryvAuthorization login;

		Controller(ServerPryvConnectionRepository repository, PryvAuthorization login) {
			this.repository = repository;
			this.login = login;
		}

		/** Stands for a finished login (the login itself is tested with the security filters). */
		@PostMapping("/test-login")
		Mono<Void> login(ServerWebExchange exchange) {
			return this.repository.save(this.login, exchange);
		}

		@GetMapping("/me")
		Mono<String> me(ReactivePryvConnection connection) {
			return connection.accessInfo().map((info) -> info.username());
		}

		@GetMapping("/who")
		String who(PryvAuthorization authorization) {
			return authorization.username();
		}

	}

}
