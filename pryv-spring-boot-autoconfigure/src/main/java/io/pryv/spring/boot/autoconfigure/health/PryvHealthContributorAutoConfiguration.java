package io.pryv.spring.boot.autoconfigure.health;

import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;

import io.pryv.client.PryvService;
import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.health.PryvReactiveHealthIndicator;

/**
 * The {@code pryv} health contributor (Actuator): whether the platform's
 * service info answers and is valid, checked without blocking. Off with
 * {@code management.health.pryv.enabled=false}; backs off when the application
 * defines a {@code pryvHealthIndicator} or {@code pryvHealthContributor} bean.
 */
@AutoConfiguration(after = PryvClientAutoConfiguration.class)
@ConditionalOnClass({ ReactiveHealthIndicator.class, Flux.class })
@ConditionalOnBean(PryvService.class)
@ConditionalOnEnabledHealthIndicator("pryv")
public final class PryvHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "pryvHealthIndicator", "pryvHealthContributor" })
	PryvReactiveHealthIndicator pryvHealthContributor(PryvService pryvService) {
		return new PryvReactiveHealthIndicator(pryvService);
	}

}
