package io.pryv.spring.security;

import java.util.Map;

import reactor.core.publisher.Mono;

import io.pryv.client.ReactivePryvConnection;
import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebFluxAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.security.PryvReactiveSecurityAutoConfiguration;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;

/**
 * A minimal WebFlux app with the Pryv sign-in: {@code anyExchange().authenticated()}
 * and {@code pryvLogin.configure(http)}, nothing else; {@code /me} takes the
 * {@code @AuthenticationPrincipal PryvUser} and the {@link ReactivePryvConnection};
 * the authentication events are recorded ({@link AuthenticationEvents}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFlux
@ImportAutoConfiguration({ PryvClientAutoConfiguration.class, PryvWebFluxAutoConfiguration.class,
		ReactiveWebSecurityAutoConfiguration.class, PryvReactiveSecurityAutoConfiguration.class })
@Import(PryvLoginWebFluxApp.MeController.class)
public class PryvLoginWebFluxApp {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ServerPryvLoginConfigurer pryvLogin) {
		http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
		pryvLogin.configure(http);
		return http.build();
	}

	@Bean
	AuthenticationEvents events() {
		return new AuthenticationEvents();
	}

	@RestController
	static class MeController {

		@GetMapping("/me")
		Mono<Map<String, Object>> me(@AuthenticationPrincipal PryvUser user, ReactivePryvConnection connection) {
			return connection.username()
				.map((username) -> Map.of("principal", user.username(), "connection", username, "permissions",
						user.permissions().stream().filter((p) -> p.streamId() != null)
							.map((p) -> p.streamId() + ":" + p.level()).toList()));
		}

	}

}
