package io.pryv.spring.boot.autoconfigure.security;

import org.junit.jupiter.api.Test;

import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebFluxAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebMvcAutoConfiguration;
import io.pryv.spring.security.PryvPlatforms;
import io.pryv.spring.security.ServerPryvLoginConfigurer;
import io.pryv.spring.security.ServerPryvLogoutHandler;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.config.EnableWebFlux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default WebFlux security chain with the Pryv sign-in appears only when
 * Spring Security is there, the app is a reactive web app, {@code pryv.app-id}
 * is set and the application has no chain of its own: the counterpart of
 * {@code PryvSecurityAutoConfigurationTest}.
 */
class PryvReactiveSecurityAutoConfigurationTest {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(PryvClientAutoConfiguration.class,
			PryvWebFluxAutoConfiguration.class, PryvReactiveSecurityAutoConfiguration.class,
			ReactiveWebSecurityAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withUserConfiguration(WebFlux.class)
		.withPropertyValues("pryv.service-info-url=http://127.0.0.1:9/reg/service/info");

	@Test
	void withAnAppIdTheDefaultChainSignsInWithPryv() {
		this.runner.withPropertyValues("pryv.app-id=my-portal").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasBean("pryvSecurityWebFilterChain")
				.hasSingleBean(SecurityWebFilterChain.class);
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get().uri("/").accept(MediaType.TEXT_HTML).exchange().expectStatus().isFound().expectHeader()
				.location("/login/pryv");
			client.get().uri("/anything/else").accept(MediaType.TEXT_HTML).exchange().expectHeader().location("/login/pryv");
			client.get().uri("/anything/else").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
			client.get()
				.uri("/login/pryv")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value((page) -> assertThat(page).contains("Sign in with Pryv"));
			client.post().uri("/login/pryv").exchange().expectStatus().isForbidden();
			client.get().uri("/css/site.css").exchange().expectStatus().isNotFound();
			client.get().uri("/login/pryv/status").exchange().expectStatus().isOk().expectBody().json("{\"status\":\"NONE\"}");
		});
	}

	@Test
	void withoutAnAppIdSpringBootsDefaultChainStays() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean("pryvSecurityWebFilterChain")
			.doesNotHaveBean(ServerPryvLoginConfigurer.class)
			.doesNotHaveBean(SecurityWebFilterChain.class)
			.hasSingleBean(PryvPlatforms.class)
			.hasSingleBean(ServerPryvLogoutHandler.class));
	}

	@Test
	void backsOffForTheApplicationsChain() {
		this.runner.withPropertyValues("pryv.app-id=my-portal").withUserConfiguration(AppChain.class).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean("pryvSecurityWebFilterChain")
				.hasSingleBean(SecurityWebFilterChain.class)
				.hasBean("appChain");
			// the application's chain has the sign-in with one call
			WebTestClient.bindToApplicationContext(context)
				.build()
				.get()
				.uri("/login/pryv/status")
				.exchange()
				.expectBody()
				.json("{\"status\":\"NONE\"}");
		});
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		this.runner.withPropertyValues("pryv.app-id=my-portal")
			.withClassLoader(new FilteredClassLoader("org.springframework.security."))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PryvPlatforms.class)
				.doesNotHaveBean(ServerPryvLogoutHandler.class)
				.doesNotHaveBean(ServerPryvLoginConfigurer.class)
				.doesNotHaveBean("pryvSecurityWebFilterChain"));
	}

	@Test
	void backsOffInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("pryv.app-id=my-portal")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PryvPlatforms.class)
				.doesNotHaveBean(ServerPryvLoginConfigurer.class)
				.doesNotHaveBean(SecurityWebFilterChain.class));
	}

	@Test
	void nothingReactiveInAServletApplication() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PryvClientAutoConfiguration.class, PryvWebMvcAutoConfiguration.class,
					PryvReactiveSecurityAutoConfiguration.class))
			.withPropertyValues("pryv.app-id=my-portal", "pryv.service-info-url=http://127.0.0.1:9/reg/service/info")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ServerPryvLoginConfigurer.class)
				.doesNotHaveBean(ServerPryvLogoutHandler.class)
				.doesNotHaveBean(SecurityWebFilterChain.class));
	}

	@Test
	void theAllowListAndLogoutPropertiesApply() {
		this.runner
			.withPropertyValues("pryv.app-id=my-portal",
					"pryv.security.allowed-service-info-urls=https://other.example/service/info",
					"pryv.security.logout.revoke-parameter=forget-me")
			.run((context) -> {
				assertThat(context.getBean(PryvPlatforms.class).allowedServiceInfoUrls())
					.containsExactly("https://other.example/service/info");
				assertThat(context.getBean(ServerPryvLogoutHandler.class).getRevokeParameter()).isEqualTo("forget-me");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class WebFlux {

	}

	@Configuration(proxyBeanMethods = false)
	static class AppChain {

		@Bean
		SecurityWebFilterChain appChain(ServerHttpSecurity http, ServerPryvLoginConfigurer pryvLogin) {
			http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll());
			pryvLogin.configure(http);
			return http.build();
		}

	}

}
