package io.pryv.spring.boot.test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

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
				annotation.pollRateMillis(), annotation.serviceInfoUrlProperty()) : null;
	}

	/**
	 * Starts one platform per application context. Equal settings make equal
	 * customizers, so Spring's context cache still shares contexts.
	 */
	record PlatformCustomizer(String name, List<String> trustedOrigins, long pollRateMillis, String property)
			implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			SimulatedPryvPlatform.Builder builder = SimulatedPryvPlatform.builder()
				.name(this.name)
				.trustOrigins(this.trustedOrigins.toArray(String[]::new))
				.pollRate(Duration.ofMillis(this.pollRateMillis));
			new SimulatedPryvPlatformInitializer(builder, this.property).initialize(context);
		}

		@Override
		public String toString() {
			return "PlatformCustomizer" + Arrays.asList(this.name, this.trustedOrigins, this.pollRateMillis, this.property);
		}

	}

}
