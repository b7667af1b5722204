package io.pryv.spring.boot.test;

import java.util.Map;
import java.util.Objects;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a {@link SimulatedPryvPlatform} before an application context's beans
 * are created, points {@code pryv.service-info-url} at it, registers it as the
 * bean {@value #BEAN_NAME}, and stops it when that context closes.
 * <p>
 * {@link AutoConfigurePryvPlatform @AutoConfigurePryvPlatform} uses it for
 * tests; an application can use it for a demo mode
 * ({@code SpringApplication.addInitializers(...)}), or a test with
 * {@code @ContextConfiguration(initializers = SimulatedPryvPlatformInitializer.class)}
 * (default platform).
 */
public class SimulatedPryvPlatformInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The bean name of the platform. */
	public static final String BEAN_NAME = "simulatedPryvPlatform";

	private final SimulatedPryvPlatform.Builder builder;

	private final String property;

	/** A default platform, set as {@code pryv.service-info-url}. */
	public SimulatedPryvPlatformInitializer() {
		this(SimulatedPryvPlatform.builder(), "pryv.service-info-url");
	}

	/**
	 * @param builder the platform to start
	 * @param property the property set to its service info URL
	 */
	public SimulatedPryvPlatformInitializer(SimulatedPryvPlatform.Builder builder, String property) {
		this.builder = Objects.requireNonNull(builder, "builder");
		this.property = Objects.requireNonNull(property, "property");
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		SimulatedPryvPlatform platform = this.builder.start();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("simulatedPryvPlatform", Map.of(this.property, platform.serviceInfoUrl())));
		context.getBeanFactory().registerSingleton(BEAN_NAME, platform);
		context.addApplicationListener((event) -> {
			if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
				platform.close();
			}
		});
	}

}
