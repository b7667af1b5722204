package io.pryv.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up of the client when the application is ready: on by default,
 * off with {@code pryv.warmup.enabled=false}; it goes through a
 * {@code WebClient} like the application's, and calls no platform.
 */
class PryvWarmupAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PryvClientAutoConfiguration.class, WebClientAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class));

	@Test
	void warmsTheClientUpByDefaultThroughTheApplicationsKindOfWebClient() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PryvWarmupListener.class);
			assertThat(context.getBean(PryvWarmupListener.class).warmUp()).isTrue();
		});
	}

	@Test
	void requestsOfTheWarmUpStayOnItsOwnLoopbackServer() {
		AtomicInteger requests = new AtomicInteger();
		WebClient.Builder builder = WebClient.builder().filter(ExchangeFilterFunction.ofRequestProcessor((request) -> {
			requests.incrementAndGet();
			assertThat(request.url().getHost()).isEqualTo("127.0.0.1");
			assertThat(request.url().getPath()).startsWith("/warmup/");
			return reactor.core.publisher.Mono.just(request);
		}));
		long start = System.nanoTime();
		assertThat(new PryvWarmupListener(builder).warmUp()).isTrue();
		assertThat(requests.get()).isPositive();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
	}

	@Test
	void anApplicationClosedBeforeTheWarmUpStartsSkipsItQuietly() {
		AtomicReference<ConfigurableApplicationContext> closed = new AtomicReference<>();
		this.runner.run((context) -> closed.set(context.getSourceApplicationContext()));
		// the builder is asked for on the warm-up's thread, which may come after the context closed
		PryvWarmupListener listener = new PryvWarmupListener(
				() -> closed.get().getBean(WebClient.Builder.class));
		assertThat(listener.warmUp()).isFalse();
	}

	@Test
	void theWarmUpCanBeTurnedOff() {
		this.runner.withPropertyValues("pryv.warmup.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PryvWarmupListener.class));
	}

}
