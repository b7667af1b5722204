package io.pryv.spring.boot.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Reads {@link AutoConfigurePryvPlatform @AutoConfigurePryvPlatform} on a
 * test class (registered in {@code META-INF/spring.factories}).
 */
class PryvPlatformContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigurePryvPlatform annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigurePryvPlatform.class);
		return (annotation != null) ? new PlatformCustomizer(annotation.name(), List.of(annotation.trustedOrigins()),
				annotation.pollRateMillis(), annotation.serviceInfoUrlProperty(), annotation.warmup()) : null;
	}

	/**
	 * Starts one platform per application context. Equal settings make equal
	 * customizers, so Spring's context cache still shares contexts.
	 */
	record PlatformCustomizer(String name, List<String> trustedOrigins, long pollRateMillis, String property,
			boolean warmup) implements ContextCustomizer {

		/** The name of the property source that sets {@code pryv.warmup.enabled}. */
		static final String WARMUP_SOURCE = "autoConfigurePryvPlatformWarmup";

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			SimulatedPryvPlatform.Builder builder = SimulatedPryvPlatform.builder()
				.name(this.name)
				.trustOrigins(this.trustedOrigins.toArray(String[]::new))
				.pollRate(Duration.ofMillis(this.pollRateMillis));
			new SimulatedPryvPlatformInitializer(builder, this.property).initialize(context);
			setWarmup(context.getEnvironment().getPropertySources());
		}

		/** Below the test's own properties, above the application's configuration files. */
		private void setWarmup(MutablePropertySources sources) {
			MapPropertySource warmup = new MapPropertySource(WARMUP_SOURCE,
					Map.of("pryv.warmup.enabled", String.valueOf(this.warmup)));
			if (sources.contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, warmup);
			}
			else {
				sources.addFirst(warmup);
			}
		}

		@Override
		public String toString() {
			return "PlatformCustomizer" + Arrays.asList(this.name, this.trustedOrigins, this.pollRateMillis, this.property,
					this.warmup);
		}

	}

}
