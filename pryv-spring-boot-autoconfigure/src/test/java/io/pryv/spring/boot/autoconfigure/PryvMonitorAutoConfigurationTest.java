package io.pryv.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvFixture;
import io.pryv.client.monitor.MonitorChange;
import io.pryv.client.monitor.PryvMonitor;
import io.pryv.client.monitor.PryvMonitorFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code pryv.monitor.*}: the monitor factory, its socket condition, back-off and observations. */
@WireMockTest
class PryvMonitorAutoConfigurationTest {

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private String base;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PryvClientAutoConfiguration.class,
					PryvMonitorAutoConfiguration.class, WebClientAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class))
			.withPropertyValues("pryv.service-info-url=" + this.base + "/reg/service/info");
	}

	@Test
	void monitorsUpdateEveryThirtySecondsAndOnTheSocketByDefault() {
		this.runner.run((context) -> {
			PryvMonitorFactory factory = context.getBean(PryvMonitorFactory.class);
			assertThat(factory.interval()).isEqualTo(Duration.ofSeconds(30));
			assertThat(factory.usesSocket()).isTrue();
		});
	}

	@Test
	void theIntervalIsSetAndTheSocketSwitchedOffByProperties() {
		this.runner.withPropertyValues("pryv.monitor.interval=5s", "pryv.monitor.socket.enabled=false")
			.run((context) -> {
				PryvMonitorFactory factory = context.getBean(PryvMonitorFactory.class);
				assertThat(factory.interval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(factory.usesSocket()).isFalse();
			});
	}

	@Test
	void withoutReactorNettysWebSocketClientMonitorsUseTheTimerOnly() {
		this.runner.withClassLoader(new FilteredClassLoader("reactor.netty.http.client.WebsocketClientSpec"))
			.run((context) -> assertThat(context.getBean(PryvMonitorFactory.class).usesSocket()).isFalse());
	}

	@Test
	void anIntervalThatIsNotPositiveStopsTheStartClearly() {
		this.runner.withPropertyValues("pryv.monitor.interval=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("pryv.monitor.interval must be a positive duration");
		});
	}

	@Test
	void backsOffForTheApplicationsFactory() {
		this.runner.withUserConfiguration(OwnFactory.class)
			.run((context) -> assertThat(context.getBean(PryvMonitorFactory.class))
				.isSameAs(context.getBean(OwnFactory.class).factory));
	}

	@Test
	void monitorUpdatesAreObservedWithTheApplicationsRegistry() {
		PryvFixture.load("service-info").stub(this.base);
		stubFor(get(urlPathEqualTo("/alice/streams")).willReturn(aResponse().withHeader("Content-Type",
				"application/json")
			.withBody("{\"streams\":[],\"meta\":{\"serverTime\":1796093218.6}}")));
		stubFor(get(urlPathEqualTo("/alice/events")).willReturn(aResponse().withHeader("Content-Type",
				"application/json")
			.withBody("{\"events\":[],\"meta\":{\"serverTime\":1796093218.7}}")));
		this.runner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					PryvObservationAutoConfiguration.class))
			.withUserConfiguration(TestRegistry.class)
			.withPropertyValues("pryv.monitor.socket.enabled=false")
			.run((context) -> {
				PryvConnection connection = context.getBean(PryvConnectionFactory.class)
					.connect(ApiEndpoint.of(this.base + "/alice/", TOKEN));
				PryvMonitor monitor = context.getBean(PryvMonitorFactory.class).create(connection, EventsQuery.all());
				List<MonitorChange> changes = new CopyOnWriteArrayList<>();
				monitor.on(MonitorChange.class, changes::add);
				monitor.start();
				try {
					await().atMost(Duration.ofSeconds(20)).until(() -> changes.contains(new MonitorChange.Ready()));
				}
				finally {
					monitor.stop();
				}
				assertThat(context.getBean(TestObservationRegistry.class))
					.hasObservationWithNameEqualTo("pryv.monitor.update")
					.that()
					.hasLowCardinalityKeyValue("pryv.monitor.update", "initial")
					.hasLowCardinalityKeyValue("outcome", "SUCCESS");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFactory {

		final PryvMonitorFactory factory = new PryvMonitorFactory(Duration.ofMinutes(5), null);

		@Bean
		PryvMonitorFactory myMonitors() {
			return this.factory;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TestRegistry {

		@Bean
		TestObservationRegistry testObservationRegistry() {
			return TestObservationRegistry.create();
		}

	}

}
