package io.pryv.client;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's warm-up: it completes on its own loopback server, and a failure is only a colder start. */
class PryvWarmupTest {

	@Test
	void streamsItsGeneratedAnswerThroughTheClient() {
		assertThat(PryvWarmup.run(WebClient.create())).isTrue();
		// twice in a JVM: nothing is left bound or half-closed by the first
		assertThat(PryvWarmup.run(WebClient.create())).isTrue();
	}

	@Test
	void aFailingWebClientMeansNoWarmUpNotAnError() {
		WebClient broken = WebClient.builder()
			.filter(ExchangeFilterFunction.ofRequestProcessor((request) -> Mono.error(new IllegalStateException("down"))))
			.build();
		assertThat(PryvWarmup.run(broken)).isFalse();
	}

}
