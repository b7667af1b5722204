package io.pryv.sample.demo;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import io.pryv.spring.boot.test.SimulatedPryvPlatform;
import io.pryv.spring.boot.test.SimulatedPryvPlatformInitializer;

/**
 * With the {@code demo} profile, runs the app on a simulated Pryv platform
 * (pryv-spring-boot-test's {@link SimulatedPryvPlatform}): started before the
 * beans are created, set as {@code pryv.service-info-url}, stopped with the
 * context. Every account it creates is seeded with {@link DemoData}.
 * Registered in {@code META-INF/spring.factories}.
 * <p>
 * {@code pryv-sample.demo.port} picks its port (default 0: a free one).
 */
public final class DemoPlatformInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The profile that runs the simulated platform. */
	public static final String PROFILE = "demo";

	/** The platform's name, as the app's pages and the consent page show it. */
	public static final String PLATFORM_NAME = "Pryv simulation (demo)";

	private static final Log logger = LogFactory.getLog(DemoPlatformInitializer.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (!context.getEnvironment().matchesProfiles(PROFILE)) {
			return;
		}
		int port = context.getEnvironment().getProperty("pryv-sample.demo.port", Integer.class, 0);
		SimulatedPryvPlatform.Builder platform = SimulatedPryvPlatform.builder()
			.name(PLATFORM_NAME)
			.port(port)
			.maxRecordedRequests(0)
			.onNewUser(DemoData::seed);
		new SimulatedPryvPlatformInitializer(platform, "pryv.service-info-url").initialize(context);
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("pryvSampleDemo", Map.of("pryv-sample.simulation", "true")));
		logger.info("Demo profile: simulated Pryv platform at "
				+ context.getBeanFactory().getBean(SimulatedPryvPlatform.class).serviceInfoUrl());
	}

}
