package io.pryv.spring.boot.autoconfigure;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.web.HttpSessionPryvAuthRequestRepository;
import io.pryv.spring.web.HttpSessionPryvConnectionRepository;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvConnectionArgumentResolver;
import io.pryv.spring.web.PryvConnectionRepository;

/**
 * Server-side Pryv login for servlet (Spring MVC) applications: the
 * repositories of the pending auth request and of the user's login (HTTP
 * session by default, replaceable beans), and a {@code PryvConnection}
 * controller argument made from the stored login.
 */
@AutoConfiguration(after = PryvClientAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ HttpServletRequest.class, WebMvcConfigurer.class })
public final class PryvWebMvcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(PryvAuthRequestRepository.class)
	HttpSessionPryvAuthRequestRepository pryvAuthRequestRepository() {
		return new HttpSessionPryvAuthRequestRepository();
	}

	@Bean
	@ConditionalOnMissingBean(PryvConnectionRepository.class)
	HttpSessionPryvConnectionRepository pryvConnectionRepository() {
		return new HttpSessionPryvConnectionRepository();
	}

	@Bean
	@ConditionalOnBean(PryvConnectionFactory.class)
	WebMvcConfigurer pryvConnectionArgumentResolverConfigurer(PryvConnectionRepository pryvConnectionRepository,
			PryvConnectionFactory pryvConnectionFactory) {
		PryvConnectionArgumentResolver resolver = new PryvConnectionArgumentResolver(pryvConnectionRepository,
				pryvConnectionFactory);
		return new WebMvcConfigurer() {
			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(resolver);
			}
		};
	}

}
