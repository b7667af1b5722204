package io.pryv.spring.boot.autoconfigure.security;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebMvcAutoConfiguration;
import io.pryv.spring.security.PryvLoginConfigurer;
import io.pryv.spring.security.PryvLogoutHandler;
import io.pryv.spring.security.PryvPlatforms;
import io.pryv.spring.web.PryvAuthRequestRepository;
import io.pryv.spring.web.PryvConnectionRepository;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.boot.security.autoconfigure.web.servlet.PathRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Server-side Pryv login for servlet applications with Spring Security: the
 * {@link PryvPlatforms} (with {@code pryv.security.allowed-service-info-urls})
 * and the {@link PryvLogoutHandler} ({@code pryv.security.logout.*}) that
 * {@link PryvLoginConfigurer#pryvLogin()} uses, and, when {@code pryv.app-id}
 * is set and the application defines no {@link SecurityFilterChain}, a default
 * chain: every request authenticated (but the sign-in endpoints, static
 * resources and {@code /error}), {@code pryvLogin()}, CSRF protection, logout.
 * It backs off as soon as the application defines its own chain, as Spring
 * Boot's does for {@code oauth2Login()}.
 */
@AutoConfiguration(after = { PryvClientAutoConfiguration.class, PryvWebMvcAutoConfiguration.class },
		beforeName = { "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ EnableWebSecurity.class, SecurityFilterChain.class, PryvAuthFlow.class })
@ConditionalOnBean({ PryvAuthFlow.class, PryvConnectionFactory.class, PryvConnectionRepository.class,
		PryvAuthRequestRepository.class })
@EnableConfigurationProperties(PryvSecurityProperties.class)
public final class PryvSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PryvPlatforms pryvPlatforms(PryvAuthFlow pryvAuthFlow, PryvSecurityProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder) {
		return PryvPlatformsFactory.create(pryvAuthFlow, properties, webClientBuilder);
	}

	@Bean
	@ConditionalOnMissingBean
	PryvLogoutHandler pryvLogoutHandler(PryvConnectionRepository pryvConnectionRepository,
			PryvAuthRequestRepository pryvAuthRequestRepository, PryvConnectionFactory pryvConnectionFactory,
			PryvSecurityProperties properties) {
		PryvLogoutHandler handler = new PryvLogoutHandler(pryvConnectionRepository, pryvAuthRequestRepository,
				pryvConnectionFactory);
		handler.setAlwaysRevoke(properties.logout().revoke());
		handler.setRevokeParameter(properties.logout().revokeParameter());
		return handler;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnDefaultWebSecurity
	@ConditionalOnProperty("pryv.app-id")
	static class PryvSecurityFilterChainConfiguration {

		@Bean
		SecurityFilterChain pryvSecurityFilterChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests
				.requestMatchers(PathRequest.toStaticResources().atCommonLocations())
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.anyRequest()
				.authenticated());
			http.with(PryvLoginConfigurer.pryvLogin(), Customizer.withDefaults());
			http.logout((logout) -> logout.logoutSuccessUrl(PryvLoginConfigurer.DEFAULT_START_URI + "?logout"));
			return http.build();
		}

	}

}
