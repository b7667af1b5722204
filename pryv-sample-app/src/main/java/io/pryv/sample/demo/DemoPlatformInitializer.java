package io.pryv.sample.demo;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the {@code demo} profile, starts the {@link SimulatedPryvPlatform} before
 * the beans are created and points {@code pryv.service-info-url} at it, so the
 * auto-configured Pryv beans talk to the simulation. The platform stops with the
 * context. Registered in {@code META-INF/spring.factories}.
 * <p>
 * {@code pryv-sample.demo.port} picks its port (default 0: a free one).
 */
public final class DemoPlatformInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The profile that runs the simulated platform. */
	public static final String PROFILE = "demo";

	private static final Log logger = LogFactory.getLog(DemoPlatformInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (!environment.matchesProfiles(PROFILE)) {
			return;
		}
		int port = environment.getProperty("pryv-sample.demo.port", Integer.class, 0);
		SimulatedPryvPlatform platform = SimulatedPryvPlatform.start(port);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("pryvSimulatedPlatform",
					Map.of("pryv.service-info-url", platform.serviceInfoUrl(), "pryv-sample.simulation", "true")));
		context.getBeanFactory().registerSingleton("simulatedPryvPlatform", platform);
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
				platform.close();
			}
		});
		logger.info("Demo profile: simulated Pryv platform at " + platform.serviceInfoUrl());
	}

}
