package io.pryv.client;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 logins waiting at once: {@code await} uses a Reactor timer between
 * polls, so the number of threads stays bounded instead of growing with the
 * number of pending logins.
 */
class PryvAuthFlowConcurrencyTest {

	private static final int LOGINS = 1000;

	/** Threads the JVM may add while the logins wait: far below one per login. */
	private static final int THREAD_BUDGET = 64;

	@RegisterExtension
	static WireMockExtension platform = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().containerThreads(16).jettyAcceptQueueSize(2000))
		.build();

	@Test
	void thousandPendingLoginsWaitWithABoundedNumberOfThreads() throws Exception {
		String base = platform.baseUrl();
		platform.stubFor(PryvFixture.load("service-info").request()
			.willReturn(PryvFixture.load("service-info").response(base)));
		platform.stubFor(get(urlPathMatching("/reg/access/k[0-9]+"))
			.willReturn(PryvFixture.load("auth-poll-need-signin").response(base)));
		PryvService service = PryvService.builder().serviceInfoUrl(base + "/reg/service/info").build();
		ReactivePryvAuthFlow flow = new PryvAuthFlow(service, null).reactive();
		// warm up: service info, connection pool and event loop exist before counting
		assertThat(flow.resume("k0").flatMap(flow::poll).block().status()).isEqualTo(AuthState.Status.NEED_SIGNIN);
		platform.resetRequests();

		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int baseline = threads.getThreadCount();
		threads.resetPeakThreadCount();

		List<Mono<AuthState>> logins = new ArrayList<>(LOGINS);
		for (int i = 0; i < LOGINS; i++) {
			logins.add(flow.resume("k" + i).flatMap((pending) -> flow.await(pending, Duration.ofSeconds(60))));
		}
		CompletableFuture<List<AuthState>> all = Flux.merge(Flux.fromIterable(logins), LOGINS).collectList().toFuture();

		// every login has polled once and now waits for the platform's poll rate
		await().atMost(Duration.ofSeconds(30))
			.until(() -> platform.findAll(getRequestedFor(urlPathMatching("/reg/access/k[0-9]+"))).size() >= LOGINS);
		assertThat(all).isNotDone();
		platform.stubFor(get(urlPathMatching("/reg/access/k[0-9]+")).atPriority(1)
			.willReturn(PryvFixture.load("auth-poll-accepted").response(base)));

		List<AuthState> states = all.get(60, TimeUnit.SECONDS);
		int peak = threads.getPeakThreadCount();

		assertThat(states).hasSize(LOGINS).allSatisfy((state) -> {
			assertThat(state.status()).isEqualTo(AuthState.Status.ACCEPTED);
			assertThat(state.username()).isEqualTo("fixturejcstbv");
		});
		assertThat(peak - baseline).as("threads added while %d logins waited (baseline %d, peak %d)", LOGINS,
				baseline, peak).isLessThan(THREAD_BUDGET);
		System.out.printf("%d concurrent logins: baseline %d threads, peak %d%n", LOGINS, baseline, peak);
	}

}
