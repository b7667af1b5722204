package io.pryv.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.pryv.client.PryvService;

/**
 * The {@code pryv} health indicator (Actuator): whether the platform's service
 * info answers and is valid. Off with {@code management.health.pryv.enabled=false}.
 */
@AutoConfiguration(after = PryvClientAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PryvService.class)
@ConditionalOnEnabledHealthIndicator("pryv")
public final class PryvHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "pryvHealthIndicator")
	PryvHealthIndicator pryvHealthIndicator(PryvService pryvService) {
		return new PryvHealthIndicator(pryvService);
	}

}
