package io.pryv.spring.boot.autoconfigure;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvFixture;
import io.pryv.client.PryvService;
import io.pryv.spring.boot.PryvServiceCustomizer;
import io.pryv.spring.boot.PryvWebClientCustomizer;
import io.pryv.spring.boot.autoconfigure.health.PryvHealthContributorAutoConfiguration;
import io.pryv.spring.boot.health.PryvReactiveHealthIndicator;
import io.pryv.spring.web.HttpSessionPryvAuthRequestRepository;
import io.pryv.spring.web.HttpSessionPryvConnectionRepository;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvConnectionRepository;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The optional integrations (WebClient customizers and timeouts, observations,
 * health, servlet login) with and without their modules, against a fake platform.
 */
@WireMockTest
class PryvIntegrationsAutoConfigurationTest {

	private static final AutoConfigurations WEB_CLIENT = AutoConfigurations.of(WebClientAutoConfiguration.class,
			HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class);

	private static final AutoConfigurations PRYV = AutoConfigurations.of(PryvClientAutoConfiguration.class,
			PryvObservationAutoConfiguration.class, PryvWebMvcAutoConfiguration.class,
			PryvHealthContributorAutoConfiguration.class);

	private String base;

	private ApplicationContextRunner runner;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.runner = new ApplicationContextRunner().withConfiguration(WEB_CLIENT)
			.withConfiguration(PRYV)
			.withPropertyValues("pryv.service-info-url=" + this.base + "/reg/service/info");
	}

	@Test
	void bootAndPryvCustomizersApplyToPryvsWebClient() {
		this.runner.withUserConfiguration(Customizers.class).run((context) -> {
			context.getBean(PryvService.class).info();
			verify(getRequestedFor(urlEqualTo("/reg/service/info")).withHeader("X-Boot", equalTo("boot"))
				.withHeader("X-Pryv", equalTo("pryv")));
		});
	}

	@Test
	void aSingletonWebClientBuilderOfTheApplicationIsNotChanged() {
		this.runner.withUserConfiguration(Customizers.class, SingletonBuilder.class).run((context) -> {
			context.getBean(PryvService.class).info();
			verify(getRequestedFor(urlEqualTo("/reg/service/info")).withHeader("X-App", equalTo("app"))
				.withHeader("X-Pryv", equalTo("pryv")));
			context.getBean(WebClient.Builder.class).build().get().uri(this.base + "/reg/service/info")
				.retrieve().toBodilessEntity().block();
			verify(1, getRequestedFor(urlEqualTo("/reg/service/info")).withHeader("X-Pryv", equalTo("pryv")));
			verify(2, getRequestedFor(urlEqualTo("/reg/service/info")).withHeader("X-App", equalTo("app")));
		});
	}

	@Test
	void readTimeoutApplies() {
		stubFor(get("/slow/service/info").willReturn(aResponse().withFixedDelay(3000).withBody("{}")));
		this.runner
			.withPropertyValues("pryv.service-info-url=" + this.base + "/slow/service/info", "pryv.http.read-timeout=300ms",
					"pryv.http.connect-timeout=2s")
			.run((context) -> assertThatExceptionOfType(PryvClientException.class)
				.isThrownBy(() -> context.getBean(PryvService.class).info())
				.withMessageContaining("GET service info"));
	}

	@Test
	void readTimeoutAppliesWithoutBootsHttpClientModule() {
		stubFor(get("/slow/service/info").willReturn(aResponse().withFixedDelay(3000).withBody("{}")));
		new ApplicationContextRunner().withConfiguration(PRYV)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.webclient",
					"org.springframework.boot.http.client"))
			.withPropertyValues("pryv.service-info-url=" + this.base + "/slow/service/info", "pryv.http.read-timeout=300ms")
			.run((context) -> assertThatExceptionOfType(PryvClientException.class)
				.isThrownBy(() -> context.getBean(PryvService.class).info())
				.withMessageContaining("GET service info"));
	}

	@Test
	void observationsUseTheApplicationsRegistryAndPryvsConvention() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				WebClientObservationAutoConfiguration.class))
			.withUserConfiguration(TestRegistry.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(PryvServiceCustomizer.class);
				PryvFixture.load("auth-poll-refused").stub(this.base);
				PryvAuthFlow flow = context.getBean(PryvAuthFlow.class);
				flow.poll(flow.resume("uN2k0nkDnd6sgOz_"));
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				assertThat(registry).hasObservationWithNameEqualTo("pryv.auth.poll")
					.that()
					.hasLowCardinalityKeyValue("pryv.auth.status", "REFUSED");
				assertThat(registry).hasObservationWithNameEqualTo("http.client.requests")
					.that()
					.hasLowCardinalityKeyValue("client.name", "pryv");
			});
	}

	@Test
	void bootsHttpClientObservationNameIsKept() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				WebClientObservationAutoConfiguration.class))
			.withUserConfiguration(TestRegistry.class)
			.withPropertyValues("management.observations.http.client.requests.name=outgoing")
			.run((context) -> {
				context.getBean(PryvService.class).info();
				assertThat(context.getBean(TestObservationRegistry.class)).hasObservationWithNameEqualTo("outgoing")
					.that()
					.hasLowCardinalityKeyValue("client.name", "pryv")
					.hasLowCardinalityKeyValue("uri", "/service/info");
			});
	}

	@Test
	void pryvObservationsCanBeSwitchedOff() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				WebClientObservationAutoConfiguration.class))
			.withUserConfiguration(TestRegistry.class)
			.withPropertyValues("management.observations.enable.pryv=false")
			.run((context) -> {
				// Spring Boot's map switches them off, not a key of ours
				assertThat(context).hasSingleBean(PryvServiceCustomizer.class);
				PryvFixture.load("auth-poll-refused").stub(this.base);
				PryvAuthFlow flow = context.getBean(PryvAuthFlow.class);
				flow.poll(flow.resume("uN2k0nkDnd6sgOz_"));
				TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
				assertThat(registry).hasNumberOfObservationsWithNameEqualTo("pryv.auth.poll", 0);
				assertThat(registry).hasObservationWithNameEqualTo("http.client.requests");
			});
	}

	@Test
	void withoutMicrometerThereAreNoPryvObservations() {
		this.runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PryvServiceCustomizer.class)
				.hasSingleBean(PryvService.class));
	}

	@Test
	void healthIsUpWithThePlatformsIdentity() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PryvReactiveHealthIndicator.class);
			Health health = context.getBean("pryvHealthContributor", PryvReactiveHealthIndicator.class).health(true)
				.block();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("name", "Local Pryv")
				.containsEntry("version", "2.0.0-pre.4")
				.containsEntry("serial", "2026112601")
				.containsEntry("serviceInfoUrl", this.base + "/reg/service/info");
		});
	}

	@Test
	void healthIsDownWhenTheServiceInfoIsInvalidOrMissing() {
		stubFor(get("/bad/service/info").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"register\": \"https://reg.example/\"}")));
		this.runner.withPropertyValues("pryv.service-info-url=" + this.base + "/bad/service/info").run((context) -> {
			Health health = context.getBean(PryvReactiveHealthIndicator.class).health(true).block();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(String.valueOf(health.getDetails().get("error"))).contains("has no 'name'");
		});
		WireMock.stubFor(get("/gone/service/info").willReturn(aResponse().withStatus(503)));
		this.runner.withPropertyValues("pryv.service-info-url=" + this.base + "/gone/service/info")
			.run((context) -> assertThat(context.getBean(PryvReactiveHealthIndicator.class).health(false).block().getStatus())
				.isEqualTo(Status.DOWN));
	}

	@Test
	void healthBacksOffWithoutActuatorOrWhenDisabled() {
		this.runner.withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PryvReactiveHealthIndicator.class));
		this.runner.withPropertyValues("management.health.pryv.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PryvReactiveHealthIndicator.class));
	}

	@Test
	void healthIsRegisteredUnderThePryvName() {
		this.runner.withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class))
			.run((context) -> {
				ReactiveHealthContributor contributor = context.getBean(ReactiveHealthContributorRegistry.class)
					.getContributor("pryv");
				assertThat(contributor).isSameAs(context.getBean(PryvReactiveHealthIndicator.class));
				assertThat(((ReactiveHealthIndicator) contributor).health().block().getStatus()).isEqualTo(Status.UP);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "pryvHealthIndicator", "pryvHealthContributor" })
	void healthBacksOffOnTheApplicationsIndicatorOrContributorName(String name) {
		this.runner.withBean(name, HealthIndicator.class, () -> () -> Health.up().build()).run((context) -> {
			assertThat(context).doesNotHaveBean(PryvReactiveHealthIndicator.class);
			assertThat(context.getBean(name)).isInstanceOf(HealthIndicator.class);
		});
	}

	@Test
	void servletAppsGetSessionRepositoriesAndTheConnectionArgument() {
		new WebApplicationContextRunner().withConfiguration(WEB_CLIENT).withConfiguration(PRYV).run((context) -> {
			assertThat(context.getBean(PryvAuthRequestRepository.class))
				.isInstanceOf(HttpSessionPryvAuthRequestRepository.class);
			assertThat(context.getBean(PryvConnectionRepository.class))
				.isInstanceOf(HttpSessionPryvConnectionRepository.class);
			assertThat(context).hasBean("pryvConnectionArgumentResolverConfigurer");
		});
	}

	@Test
	void sessionRepositoriesAreReplaceable() {
		new WebApplicationContextRunner().withConfiguration(WEB_CLIENT)
			.withConfiguration(PRYV)
			.withUserConfiguration(UserRepositories.class)
			.run((context) -> {
				assertThat(context.getBean(PryvAuthRequestRepository.class))
					.isSameAs(context.getBean(UserRepositories.class).pending);
				assertThat(context.getBean(PryvConnectionRepository.class))
					.isSameAs(context.getBean(UserRepositories.class).authorization);
			});
	}

	@Test
	void noServletLoginOutsideServletAppsOrWithoutSpringMvc() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(PryvConnectionRepository.class)
			.doesNotHaveBean(PryvAuthRequestRepository.class));
		new WebApplicationContextRunner().withConfiguration(WEB_CLIENT)
			.withConfiguration(PRYV)
			.withClassLoader(new FilteredClassLoader(WebMvcConfigurer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PryvConnectionRepository.class)
				.hasSingleBean(PryvService.class));
	}

	@Test
	void noServletLoginInAReactiveWebApp() {
		new ReactiveWebApplicationContextRunner().withConfiguration(WEB_CLIENT).withConfiguration(PRYV).run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(PryvService.class)
				.doesNotHaveBean(PryvConnectionRepository.class)
				.doesNotHaveBean(PryvAuthRequestRepository.class)
				.doesNotHaveBean("pryvConnectionArgumentResolverConfigurer");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		@Bean
		WebClientCustomizer bootCustomizer() {
			return (builder) -> builder.defaultHeader("X-Boot", "boot");
		}

		@Bean
		PryvWebClientCustomizer pryvCustomizer() {
			return (builder) -> builder.defaultHeader("X-Pryv", "pryv");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SingletonBuilder {

		@Bean
		WebClient.Builder appWebClientBuilder() {
			return WebClient.builder().defaultHeader("X-App", "app");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TestRegistry {

		@Bean
		TestObservationRegistry testObservationRegistry() {
			return TestObservationRegistry.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRepositories {

		final HttpSessionPryvAuthRequestRepository pending = new HttpSessionPryvAuthRequestRepository();

		final HttpSessionPryvConnectionRepository authorization = new HttpSessionPryvConnectionRepository();

		@Bean
		PryvAuthRequestRepository userPendingRepository() {
			return this.pending;
		}

		@Bean
		PryvConnectionRepository userAuthorizationRepository() {
			return this.authorization;
		}

	}

}
