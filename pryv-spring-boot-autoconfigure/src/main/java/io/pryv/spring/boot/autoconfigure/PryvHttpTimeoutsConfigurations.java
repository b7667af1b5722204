package io.pryv.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelOption;
import io.netty.handler.timeout.ReadTimeoutHandler;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import io.pryv.spring.boot.PryvWebClientCustomizer;

/**
 * Applies {@code pryv.http.connect-timeout} and {@code pryv.http.read-timeout}
 * to Pryv's {@code WebClient} only, before the application's customizers. With
 * neither set, Spring Boot's connector ({@code spring.http.clients.*}) is kept as is.
 */
final class PryvHttpTimeoutsConfigurations {

	private PryvHttpTimeoutsConfigurations() {
	}

	private static boolean hasTimeouts(PryvProperties.Http http) {
		return http.getConnectTimeout() != null || http.getReadTimeout() != null;
	}

	/** With Spring Boot's HTTP client support: its connector builder and settings (SSL bundles, redirects) are kept. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpConnectorBuilder.class)
	static class BootConnector {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		PryvWebClientCustomizer pryvHttpTimeoutsCustomizer(PryvProperties properties,
				ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
				ObjectProvider<HttpClientSettings> settings) {
			PryvProperties.Http http = properties.getHttp();
			return (builder) -> {
				if (!hasTimeouts(http)) {
					return;
				}
				HttpClientSettings base = settings.getIfAvailable(HttpClientSettings::defaults);
				HttpClientSettings withTimeouts = base.withTimeouts(
						(http.getConnectTimeout() != null) ? http.getConnectTimeout() : base.connectTimeout(),
						(http.getReadTimeout() != null) ? http.getReadTimeout() : base.readTimeout());
				builder.clientConnector(connectorBuilder.getIfAvailable(ClientHttpConnectorBuilder::detect)
					.build(withTimeouts));
			};
		}

	}

	/** Without Spring Boot's HTTP client support: a Reactor Netty connector with the timeouts. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder")
	static class ReactorConnector {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		PryvWebClientCustomizer pryvHttpTimeoutsCustomizer(PryvProperties properties) {
			PryvProperties.Http http = properties.getHttp();
			return (builder) -> {
				if (!hasTimeouts(http)) {
					return;
				}
				HttpClient client = HttpClient.create();
				Duration connect = http.getConnectTimeout();
				if (connect != null) {
					client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
							connect.toMillis()));
				}
				Duration read = http.getReadTimeout();
				if (read != null) {
					client = client.doOnConnected((connection) -> connection
						.addHandlerLast(new ReadTimeoutHandler(read.toMillis(), TimeUnit.MILLISECONDS)));
				}
				builder.clientConnector(new ReactorClientHttpConnector(client));
			};
		}

	}

}
