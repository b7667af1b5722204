package io.pryv.spring.boot.autoconfigure;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import io.pryv.client.observation.PryvObservationDocumentation;
import io.pryv.spring.boot.PryvServiceCustomizer;

/**
 * Pryv-level observations ({@link PryvObservationDocumentation}: batch calls,
 * event streams, auth flow) reported to the application's
 * {@link ObservationRegistry}. Spring Boot's
 * {@code management.observations.enable.pryv=false} switches them all off (its
 * map turns off every observation whose name starts with the key); this
 * starter declares no key of its own under {@code management.}.
 */
@AutoConfiguration(before = PryvClientAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class PryvObservationAutoConfiguration {

	@Bean
	PryvServiceCustomizer pryvObservationServiceCustomizer(ObservationRegistry observationRegistry) {
		return (builder) -> builder.observationRegistry(observationRegistry);
	}

}
