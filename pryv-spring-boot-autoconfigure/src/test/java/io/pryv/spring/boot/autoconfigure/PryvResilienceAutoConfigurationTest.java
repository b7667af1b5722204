package io.pryv.spring.boot.autoconfigure;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import io.pryv.client.PryvClientException;
import io.pryv.client.PryvFixture;
import io.pryv.client.PryvService;
import io.pryv.spring.boot.autoconfigure.health.PryvHealthContributorAutoConfiguration;
import io.pryv.spring.boot.health.PryvReactiveHealthIndicator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retries from {@code pryv.http.retry.*}, an application that starts while its
 * platform is down, and the cached health check.
 */
@WireMockTest
class PryvResilienceAutoConfigurationTest {

	private static final String INFO = "/reg/service/info";

	private String base;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
					ReactiveHttpClientAutoConfiguration.class, PryvClientAutoConfiguration.class,
					PryvObservationAutoConfiguration.class, PryvHealthContributorAutoConfiguration.class))
			.withPropertyValues("pryv.service-info-url=" + this.base + INFO, "pryv.http.retry.first-backoff=20ms",
					"pryv.http.retry.max-backoff=40ms");
	}

	private void stubUnavailableThenUp(int unavailable) {
		String state = Scenario.STARTED;
		for (int i = 0; i < unavailable; i++) {
			String next = "after " + (i + 1);
			stubFor(get(urlEqualTo(INFO)).inScenario("platform").whenScenarioStateIs(state)
				.willReturn(aResponse().withStatus(503).withBody("down for maintenance"))
				.willSetStateTo(next));
			state = next;
		}
		stubFor(get(urlEqualTo(INFO)).inScenario("platform").whenScenarioStateIs(state)
			.willReturn(PryvFixture.load("service-info").response(this.base)));
	}

	@Test
	void idempotentCallsAreRetriedAsConfiguredAndEachRetryIsObserved() {
		stubUnavailableThenUp(2);
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			assertThat(context.getBean(PryvService.class).info().name()).isEqualTo("Local Pryv");
			verify(3, getRequestedFor(urlEqualTo(INFO)));
			assertThat(observations).hasNumberOfObservationsWithNameEqualTo("pryv.http.retry", 2)
				.hasAnObservation((observation) -> observation.hasNameEqualTo("pryv.http.retry")
					.hasLowCardinalityKeyValue("http.method", "GET")
					.hasLowCardinalityKeyValue("pryv.retry.reason", "http-503"));
		});
	}

	@Test
	void maxRetriesZeroTurnsRetriesOff() {
		stubUnavailableThenUp(1);
		this.runner.withPropertyValues("pryv.http.retry.max-retries=0").run((context) -> {
			assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> context.getBean(PryvService.class).info())
				.withMessageContaining("HTTP 503");
			verify(1, getRequestedFor(urlEqualTo(INFO)));
		});
	}

	@Test
	void aWrongRetrySettingStopsTheApplicationNamingTheKey() {
		this.runner.withPropertyValues("pryv.http.retry.jitter=2", "pryv.http.retry.max-retries=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.message()
				.contains("pryv.http.retry.jitter must be between 0 and 1")
				.contains("pryv.http.retry.max-retries must be 0 (no retry) or more"));
	}

	@Test
	void aPlatformDownAtStartupDoesNotStopTheApplicationAndTheNextCallTriesAgain() {
		stubUnavailableThenUp(4); // more than the 3 retries of one call
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			PryvReactiveHealthIndicator health = context.getBean(PryvReactiveHealthIndicator.class);
			Health down = health.health(true).block();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(String.valueOf(down.getDetails().get("error"))).contains("HTTP 503");
			verify(4, getRequestedFor(urlEqualTo(INFO)));
			// the failure is not cached: the next call fetches again and finds the platform back
			assertThat(context.getBean(PryvService.class).info().name()).isEqualTo("Local Pryv");
			assertThat(health.health(true).block().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void theHealthCheckIsCachedWhileUp() {
		stubFor(get(urlEqualTo(INFO)).willReturn(PryvFixture.load("service-info").response(this.base)));
		this.runner.run((context) -> {
			PryvReactiveHealthIndicator health = context.getBean(PryvReactiveHealthIndicator.class);
			for (int i = 0; i < 5; i++) {
				assertThat(health.health(true).block().getStatus()).isEqualTo(Status.UP);
			}
			verify(1, getRequestedFor(urlEqualTo(INFO)));
		});
	}

	@Test
	void anExpiredOrFailedHealthCheckFetchesAgain() {
		stubFor(get(urlEqualTo(INFO)).willReturn(PryvFixture.load("service-info").response(this.base)));
		this.runner.run((context) -> {
			PryvService service = context.getBean(PryvService.class);
			MutableClock clock = new MutableClock();
			PryvReactiveHealthIndicator health = new PryvReactiveHealthIndicator(service.reactive(),
					java.time.Duration.ofSeconds(10), clock);
			assertThat(health.health(true).block().getStatus()).isEqualTo(Status.UP);
			clock.advance(java.time.Duration.ofSeconds(11));
			WireMock.stubFor(get(urlEqualTo(INFO)).willReturn(aResponse().withStatus(500).withBody("{}")));
			assertThat(health.health(true).block().getStatus()).isEqualTo(Status.DOWN);
			stubFor(get(urlEqualTo(INFO)).willReturn(PryvFixture.load("service-info").response(this.base)));
			assertThat(health.health(true).block().getStatus()).isEqualTo(Status.UP);
			verify(3, getRequestedFor(urlEqualTo(INFO)));
		});
	}

	/** A clock the test moves. */
	static final class MutableClock extends java.time.Clock {

		private java.time.Instant now = java.time.Instant.parse("2026-12-01T00:00:00Z");

		void advance(java.time.Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public java.time.ZoneId getZone() {
			return java.time.ZoneOffset.UTC;
		}

		@Override
		public java.time.Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public java.time.Instant instant() {
			return this.now;
		}

	}

}
