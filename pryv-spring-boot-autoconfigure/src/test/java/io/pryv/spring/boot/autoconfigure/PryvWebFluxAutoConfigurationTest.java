package io.pryv.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;

import io.pryv.client.PryvService;
import io.pryv.spring.web.PryvConnectionRepository;
import io.pryv.spring.web.server.ServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.ServerPryvConnectionRepository;
import io.pryv.spring.web.server.WebSessionServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.WebSessionServerPryvConnectionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/** The WebFlux session repositories and controller argument: when they are there, and when not. */
class PryvWebFluxAutoConfigurationTest {

	private static final AutoConfigurations PRYV = AutoConfigurations.of(PryvClientAutoConfiguration.class,
			PryvWebMvcAutoConfiguration.class, PryvWebFluxAutoConfiguration.class);

	private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
		.withConfiguration(PRYV)
		.withPropertyValues("pryv.service-info-url=https://reg.pryv.me/service/info");

	@Test
	void reactiveAppsGetWebSessionRepositoriesAndTheConnectionArgument() {
		this.reactive.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(PryvService.class);
			assertThat(context.getBean(ServerPryvAuthRequestRepository.class))
				.isInstanceOf(WebSessionServerPryvAuthRequestRepository.class);
			assertThat(context.getBean(ServerPryvConnectionRepository.class))
				.isInstanceOf(WebSessionServerPryvConnectionRepository.class);
			assertThat(context).hasBean("pryvConnectionArgumentResolverWebFluxConfigurer")
				.doesNotHaveBean(PryvConnectionRepository.class);
		});
	}

	@Test
	void repositoriesAreReplaceable() {
		this.reactive.withUserConfiguration(UserRepositories.class).run((context) -> {
			assertThat(context.getBean(ServerPryvAuthRequestRepository.class))
				.isSameAs(context.getBean(UserRepositories.class).pending);
			assertThat(context.getBean(ServerPryvConnectionRepository.class))
				.isSameAs(context.getBean(UserRepositories.class).authorization);
		});
	}

	@Test
	void nothingReactiveInServletAppsOrWithoutWebFlux() {
		new WebApplicationContextRunner().withConfiguration(PRYV)
			.withPropertyValues("pryv.service-info-url=https://reg.pryv.me/service/info")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PryvConnectionRepository.class)
				.doesNotHaveBean(ServerPryvConnectionRepository.class)
				.doesNotHaveBean(ServerPryvAuthRequestRepository.class));
		this.reactive.withClassLoader(new FilteredClassLoader(WebFluxConfigurer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ServerPryvConnectionRepository.class)
				.doesNotHaveBean(ServerPryvAuthRequestRepository.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserRepositories {

		final ServerPryvAuthRequestRepository pending = new WebSessionServerPryvAuthRequestRepository();

		final ServerPryvConnectionRepository authorization = new WebSessionServerPryvConnectionRepository();

		@Bean
		ServerPryvAuthRequestRepository myPendingRepository() {
			return this.pending;
		}

		@Bean
		ServerPryvConnectionRepository myConnectionRepository() {
			return this.authorization;
		}

	}

}
