package io.pryv.spring.boot.autoconfigure.security;

import org.junit.jupiter.api.Test;

import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebMvcAutoConfiguration;
import io.pryv.spring.security.PryvLoginConfigurer;
import io.pryv.spring.security.PryvLogoutHandler;
import io.pryv.spring.security.PryvPlatforms;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The default security chain with {@code pryvLogin()} appears only when Spring
 * Security is there, the app is a servlet web app, {@code pryv.app-id} is set
 * and the application has no chain of its own.
 */
class PryvSecurityAutoConfigurationTest {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(PryvClientAutoConfiguration.class,
			PryvWebMvcAutoConfiguration.class, PryvSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
			ServletWebSecurityAutoConfiguration.class, DispatcherServletAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withPropertyValues("pryv.service-info-url=http://127.0.0.1:9/reg/service/info");

	@Test
	void withAnAppIdTheDefaultChainSignsInWithPryv() {
		this.runner.withPropertyValues("pryv.app-id=my-portal").run((context) -> {
			assertThat(context).hasNotFailed().hasBean("pryvSecurityFilterChain").hasSingleBean(SecurityFilterChain.class);
			MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
			mvc.perform(get("/")).andExpect(redirectedUrl("/login/pryv"));
			mvc.perform(get("/anything/else")).andExpect(redirectedUrl("/login/pryv"));
			mvc.perform(get("/login/pryv"))
				.andExpect(status().isOk())
				.andExpect(content().string(org.hamcrest.Matchers.containsString("Sign in with Pryv")));
			mvc.perform(post("/login/pryv")).andExpect(status().isForbidden());
			mvc.perform(get("/css/site.css")).andExpect(status().isNotFound());
			mvc.perform(get("/login/pryv/status"))
				.andExpect(status().isOk())
				.andExpect(content().json("{\"status\":\"NONE\"}"));
		});
	}

	@Test
	void withoutAnAppIdSpringBootsDefaultChainStays() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean("pryvSecurityFilterChain")
				.hasSingleBean(SecurityFilterChain.class)
				.hasSingleBean(PryvPlatforms.class)
				.hasSingleBean(PryvLogoutHandler.class);
		});
	}

	@Test
	void backsOffForTheApplicationsChain() {
		this.runner.withPropertyValues("pryv.app-id=my-portal").withUserConfiguration(AppChain.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean("pryvSecurityFilterChain")
				.hasSingleBean(SecurityFilterChain.class)
				.hasBean("appChain");
		});
	}

	@Test
	void backsOffWithoutSpringSecurity() {
		this.runner.withPropertyValues("pryv.app-id=my-portal")
			.withClassLoader(new FilteredClassLoader("org.springframework.security."))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PryvPlatforms.class)
				.doesNotHaveBean(PryvLogoutHandler.class)
				.doesNotHaveBean("pryvSecurityFilterChain"));
	}

	@Test
	void backsOffInANonWebApplication() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("pryv.app-id=my-portal")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PryvPlatforms.class)
				.doesNotHaveBean(SecurityFilterChain.class));
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
				assertThat(context.getBean(PryvLogoutHandler.class).getRevokeParameter()).isEqualTo("forget-me");
			});
	}

	@Test
	void aMalformedAllowedPlatformStopsTheStartWithAClearMessage() {
		this.runner.withPropertyValues("pryv.security.allowed-service-info-urls=other.example/service/info")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pryv.security.allowed-service-info-urls[0]"));
	}

	@Configuration(proxyBeanMethods = false)
	static class AppChain {

		@Bean
		SecurityFilterChain appChain(HttpSecurity http) {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
			http.with(PryvLoginConfigurer.pryvLogin(), Customizer.withDefaults());
			return http.build();
		}

	}

}
