package io.pryv.spring.boot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pryv.client.Event;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.RetryPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Faults injected into the platform's answers, as the client sees them. */
class FaultInjectionTest {

	private SimulatedPryvPlatform platform;

	private PryvConnection connection;

	@BeforeEach
	void start() {
		this.platform = SimulatedPryvPlatform.start();
		this.platform.user("alice").stream("heart").events("frequency/bpm", 60, 61, 62, 63, 64, 65, 66, 67, 68, 69);
		// no retries: each injected fault must reach the caller (GETs are retried by default)
		PryvService service = PryvService.builder().serviceInfoUrl(this.platform.serviceInfoUrl())
			.retryPolicy(RetryPolicy.NONE)
			.build();
		this.connection = new PryvConnectionFactory(service).connect(this.platform.user("alice").grant("app-id", "*", "manage"));
	}

	@AfterEach
	void stop() {
		this.platform.close();
	}

	@Test
	void serverErrorOnceThenNormal() {
		PlatformFaults.InjectedFault fault = this.platform.faults().on("GET", "/alice/access-info").times(1).serverError(503);
		assertThatExceptionOfType(PryvApiException.class).isThrownBy(() -> this.connection.accessInfo(true))
			.satisfies((ex) -> {
				assertThat(ex.getHttpStatus()).isEqualTo(503);
				assertThat(ex.getId()).isEqualTo("unexpected-error");
			});
		assertThat(this.connection.accessInfo(true).name()).isEqualTo("app-id");
		assertThat(fault.hits()).isEqualTo(1);
		assertThat(this.platform.faults().active()).isEmpty();
	}

	@Test
	void connectionReset() {
		this.platform.faults().on("POST", "/alice/").reset();
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.api(List.of(io.pryv.client.ApiCall.of("events.get", Map.of()))));
		this.platform.faults().clear();
		assertThat(this.connection.api(List.of(io.pryv.client.ApiCall.of("events.get", Map.of()))).get(0).isSuccess()).isTrue();
	}

	@Test
	void slowAnswerComesAfterTheDelay() {
		this.platform.faults().on("GET", "/alice/*").slow(Duration.ofMillis(800));
		long start = System.nanoTime();
		PlatformHttp.Answer answer = new PlatformHttp(this.platform).get("/alice/streams", "not-a-token");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(750));
		assertThat(answer.status()).isEqualTo(403);
		long other = System.nanoTime();
		new PlatformHttp(this.platform).get("/reg/service/info", null);
		assertThat(Duration.ofNanos(System.nanoTime() - other)).as("other paths are not slowed").isLessThan(Duration.ofMillis(750));
	}

	@Test
	void streamCutAfterSomeEvents() {
		this.platform.faults().on("GET", "/alice/events").cutAfter(4);
		List<Event> received = new ArrayList<>();
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), received::add))
			.withMessageContaining("4");
		assertThat(received).extracting((event) -> event.content().asInt()).containsExactly(69, 68, 67, 66);
	}

	@Test
	void faultsAreCheckedWhenDeclared() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.platform.faults().on("GET", "alice/events"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.platform.faults().onAny().serverError(404));
		assertThatIllegalArgumentException().isThrownBy(() -> this.platform.faults().onAny().times(0));
	}

}
