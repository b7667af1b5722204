package io.pryv.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.server.ReactivePryvConnectionArgumentResolver;
import io.pryv.spring.web.server.ServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.ServerPryvConnectionRepository;
import io.pryv.spring.web.server.WebSessionServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.WebSessionServerPryvConnectionRepository;

/**
 * Server-side Pryv login for reactive (Spring WebFlux) applications: the
 * repositories of the pending auth request and of the user's login
 * ({@code WebSession} by default, replaceable beans), and a
 * {@code ReactivePryvConnection} controller argument made from the stored
 * login. The counterpart of {@link PryvWebMvcAutoConfiguration}.
 */
@AutoConfiguration(after = PryvClientAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(WebFluxConfigurer.class)
public final class PryvWebFluxAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ServerPryvAuthRequestRepository.class)
	WebSessionServerPryvAuthRequestRepository serverPryvAuthRequestRepository() {
		return new WebSessionServerPryvAuthRequestRepository();
	}

	@Bean
	@ConditionalOnMissingBean(ServerPryvConnectionRepository.class)
	WebSessionServerPryvConnectionRepository serverPryvConnectionRepository() {
		return new WebSessionServerPryvConnectionRepository();
	}

	@Bean
	@ConditionalOnBean(PryvConnectionFactory.class)
	WebFluxConfigurer pryvConnectionArgumentResolverWebFluxConfigurer(
			ServerPryvConnectionRepository serverPryvConnectionRepository,
			PryvConnectionFactory pryvConnectionFactory) {
		ReactivePryvConnectionArgumentResolver resolver = new ReactivePryvConnectionArgumentResolver(
				serverPryvConnectionRepository, pryvConnectionFactory);
		return new WebFluxConfigurer() {
			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(resolver);
			}
		};
	}

}
