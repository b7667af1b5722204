package io.pryv.spring.boot.autoconfigure.security;

import java.net.URI;

import reactor.core.publisher.Flux;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebFluxAutoConfiguration;
import io.pryv.spring.security.PryvPlatforms;
import io.pryv.spring.security.ServerPryvAuthRequestResolver;
import io.pryv.spring.security.ServerPryvLoginConfigurer;
import io.pryv.spring.security.ServerPryvLogoutHandler;
import io.pryv.spring.web.server.ServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.ServerPryvConnectionRepository;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.reactive.PathRequest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Server-side Pryv login for reactive (WebFlux) applications with Spring
 * Security, the counterpart of {@link PryvSecurityAutoConfiguration}: the
 * {@link PryvPlatforms} ({@code pryv.security.allowed-service-info-urls}), the
 * {@link ServerPryvLogoutHandler} ({@code pryv.security.logout.*}), the
 * {@link ServerPryvLoginConfigurer} (a prototype bean, as Spring Security's
 * {@code ServerHttpSecurity}), and, when {@code pryv.app-id} is set and the
 * application defines no {@link SecurityWebFilterChain}, a default chain: every
 * exchange authenticated (but the sign-in endpoints, static resources and
 * {@code /error}), the Pryv sign-in, CSRF protection, logout. It backs off as
 * soon as the application defines its own chain, as Spring Boot's reactive
 * {@code oauth2Login()} chain does.
 */
@AutoConfiguration(after = { PryvClientAutoConfiguration.class, PryvWebFluxAutoConfiguration.class },
		beforeName = { "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
				"org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ Flux.class, EnableWebFluxSecurity.class, SecurityWebFilterChain.class, PryvAuthFlow.class })
@ConditionalOnBean({ PryvAuthFlow.class, PryvConnectionFactory.class, ServerPryvConnectionRepository.class,
		ServerPryvAuthRequestRepository.class })
@EnableConfigurationProperties(PryvSecurityProperties.class)
public final class PryvReactiveSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PryvPlatforms pryvPlatforms(PryvAuthFlow pryvAuthFlow, PryvSecurityProperties properties,
			ObjectProvider<WebClient.Builder> webClientBuilder) {
		return PryvPlatformsFactory.create(pryvAuthFlow, properties, webClientBuilder);
	}

	@Bean
	@ConditionalOnMissingBean
	ServerPryvLogoutHandler serverPryvLogoutHandler(ServerPryvConnectionRepository serverPryvConnectionRepository,
			ServerPryvAuthRequestRepository serverPryvAuthRequestRepository, PryvConnectionFactory pryvConnectionFactory,
			PryvSecurityProperties properties) {
		ServerPryvLogoutHandler handler = new ServerPryvLogoutHandler(serverPryvConnectionRepository,
				serverPryvAuthRequestRepository, pryvConnectionFactory);
		handler.setAlwaysRevoke(properties.logout().revoke());
		handler.setRevokeParameter(properties.logout().revokeParameter());
		return handler;
	}

	@Bean
	@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
	@ConditionalOnMissingBean
	@ConditionalOnProperty("pryv.app-id")
	ServerPryvLoginConfigurer serverPryvLoginConfigurer(PryvAuthFlow pryvAuthFlow,
			PryvConnectionFactory pryvConnectionFactory, PryvPlatforms pryvPlatforms,
			ServerPryvAuthRequestRepository serverPryvAuthRequestRepository,
			ServerPryvConnectionRepository serverPryvConnectionRepository,
			ServerPryvLogoutHandler serverPryvLogoutHandler,
			ObjectProvider<ServerPryvAuthRequestResolver> serverPryvAuthRequestResolver,
			ApplicationEventPublisher eventPublisher) {
		ServerPryvLoginConfigurer configurer = new ServerPryvLoginConfigurer(pryvAuthFlow, pryvConnectionFactory)
			.platforms(pryvPlatforms)
			.authRequestRepository(serverPryvAuthRequestRepository)
			.connectionRepository(serverPryvConnectionRepository)
			.logoutHandler(serverPryvLogoutHandler)
			.eventPublisher(eventPublisher);
		serverPryvAuthRequestResolver.ifUnique(configurer::authRequestResolver);
		return configurer;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(SecurityWebFilterChain.class)
	@ConditionalOnProperty("pryv.app-id")
	static class PryvSecurityWebFilterChainConfiguration {

		@Bean
		SecurityWebFilterChain pryvSecurityWebFilterChain(ServerHttpSecurity http,
				ServerPryvLoginConfigurer serverPryvLoginConfigurer) {
			http.authorizeExchange((exchanges) -> exchanges
				.matchers(PathRequest.toStaticResources().atCommonLocations())
				.permitAll()
				.pathMatchers("/error")
				.permitAll()
				.anyExchange()
				.authenticated());
			serverPryvLoginConfigurer.configure(http);
			http.logout((logout) -> logout.logoutSuccessHandler(logoutSuccess()));
			return http.build();
		}

		private static RedirectServerLogoutSuccessHandler logoutSuccess() {
			RedirectServerLogoutSuccessHandler handler = new RedirectServerLogoutSuccessHandler();
			handler.setLogoutSuccessUrl(URI.create(ServerPryvLoginConfigurer.DEFAULT_START_URI + "?logout"));
			return handler;
		}

	}

}
