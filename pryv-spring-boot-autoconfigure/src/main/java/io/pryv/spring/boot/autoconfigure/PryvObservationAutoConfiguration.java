package io.pryv.spring.boot.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import io.pryv.client.observation.PryvObservationDocumentation;

/**
 * Pryv-level observations ({@link PryvObservationDocumentation}: batch calls,
 * event streams, auth flow) reported to the application's
 * {@link ObservationRegistry}. Off with
 * {@code management.observations.enable.pryv=false}.
 */
@AutoConfiguration(before = PryvClientAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(name = "management.observations.enable.pryv", havingValue = "true", matchIfMissing = true)
public final class PryvObservationAutoConfiguration {

	@Bean
	PryvServiceCustomizer pryvObservationServiceCustomizer(ObservationRegistry observationRegistry) {
		return (builder) -> builder.observationRegistry(observationRegistry);
	}

}
