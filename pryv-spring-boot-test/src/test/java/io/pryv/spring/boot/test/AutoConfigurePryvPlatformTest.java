package io.pryv.spring.boot.test;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvService;
import io.pryv.client.PendingAuth;
import io.pryv.client.AuthState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring test wiring: {@code @AutoConfigurePryvPlatform} starts a platform
 * for the test's application context, the auto-configured Pryv beans talk to
 * it, it is injectable, and each application context has its own, stopped
 * with it.
 */
class AutoConfigurePryvPlatformTest {

	/** The bean of the auto-configuration that starts the warm-up when the application is ready. */
	private static final String WARMUP_LISTENER = "pryvWarmupListener";

	/** An application with the starter and Pryv settings, as a user's. */
	@SpringBootApplication
	static class PortalApplication {

	}

	@Nested
	@SpringBootTest(classes = PortalApplication.class, properties = { "pryv.app-id=my-portal",
			"pryv.permissions[0].stream-id=heart", "pryv.permissions[0].level=read",
			"pryv.service-info-url=https://reg.pryv.me/service/info" })
	@AutoConfigurePryvPlatform(name = "Test platform")
	class WithTheAnnotation {

		@Autowired
		SimulatedPryvPlatform platform;

		@Autowired
		PryvService service;

		@Autowired
		PryvAuthFlow authFlow;

		@Value("${pryv.service-info-url}")
		String serviceInfoUrl;

		@Autowired
		ApplicationContext context;

		@Test
		void theAutoConfiguredBeansTalkToTheInjectedPlatform() {
			assertThat(this.serviceInfoUrl).as("the platform wins over the application's setting")
				.isEqualTo(this.platform.serviceInfoUrl());
			assertThat(this.service.info().name()).isEqualTo("Test platform");
			PendingAuth pending = this.authFlow.start();
			assertThat(this.platform.pendingConsent().requestedPermissions().get(0).path("streamId").asString()).isEqualTo("heart");
			this.platform.consent(pending).accept("alice");
			assertThat(this.authFlow.poll(pending).status()).isEqualTo(AuthState.Status.ACCEPTED);
			this.platform.requests().assertNoTokenInUrls();
		}

		@Test
		void theStartupWarmUpIsOff() {
			assertThat(this.context.getEnvironment().getProperty("pryv.warmup.enabled")).isEqualTo("false");
			assertThat(this.context.containsBean(WARMUP_LISTENER)).isFalse();
		}

	}

	@Nested
	@SpringBootTest(classes = PortalApplication.class, properties = "pryv.warmup.enabled=true")
	@AutoConfigurePryvPlatform
	class WithTheWarmUpTurnedOnByTheTest {

		@Autowired
		ApplicationContext context;

		@Test
		void theTestsOwnPropertyWins() {
			assertThat(this.context.containsBean(WARMUP_LISTENER)).isTrue();
		}

	}

	@Test
	void twoApplicationContextsInParallelEachHaveTheirOwnPlatform() throws Exception {
		CompletableFuture<ConfigurableApplicationContext> first = CompletableFuture.supplyAsync(this::startApplication);
		CompletableFuture<ConfigurableApplicationContext> second = CompletableFuture.supplyAsync(this::startApplication);
		try (ConfigurableApplicationContext a = first.get(); ConfigurableApplicationContext b = second.get()) {
			SimulatedPryvPlatform platformA = a.getBean(SimulatedPryvPlatform.class);
			SimulatedPryvPlatform platformB = b.getBean(SimulatedPryvPlatform.class);
			assertThat(platformA.port()).isNotEqualTo(platformB.port());
			assertThat(a.getBean(PryvService.class).info().register()).startsWith(platformA.baseUrl());
			assertThat(b.getBean(PryvService.class).info().register()).startsWith(platformB.baseUrl());

			a.getBean(PryvAuthFlow.class).start();
			assertThat(platformA.consents()).hasSize(1);
			assertThat(platformB.consents()).as("nothing leaks between the two").isEmpty();

			a.close();
			assertThat(platformA.isRunning()).as("stopped with its context").isFalse();
			assertThat(platformB.isRunning()).isTrue();
		}
	}

	private ConfigurableApplicationContext startApplication() {
		SpringApplication application = new SpringApplicationBuilder(PortalApplication.class)
			.web(WebApplicationType.NONE)
			.properties("pryv.app-id=my-portal", "spring.main.banner-mode=off")
			.initializers(new SimulatedPryvPlatformInitializer())
			.build();
		return application.run();
	}

	@Test
	void contextsWithTheSameSettingsShareTheirCacheKey() {
		PryvPlatformContextCustomizerFactory factory = new PryvPlatformContextCustomizerFactory();
		assertThat(factory.createContextCustomizer(WithTheAnnotation.class, List.of()))
			.isEqualTo(factory.createContextCustomizer(WithTheAnnotation.class, List.of()));
		assertThat(factory.createContextCustomizer(AutoConfigurePryvPlatformTest.class, List.of())).isNull();
	}

}
