package io.pryv.spring.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pryv.spring.boot.autoconfigure.PryvWebFluxAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.security.PryvReactiveSecurityAutoConfiguration;
import io.pryv.spring.web.PryvAuthorization;
import io.pryv.spring.web.PryvLoginRequiredException;
import io.pryv.spring.web.server.ReactivePryvConnectionArgumentResolver;
import io.pryv.spring.web.server.WebSessionServerPryvAuthRequestRepository;
import io.pryv.spring.web.server.WebSessionServerPryvConnectionRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux app has no servlet API on its class path: no class the WebFlux
 * login loads (its filters, handlers, manager, the shared pieces, the
 * repositories and the auto-configurations) names a servlet type or a
 * servlet-only class of ours in its constant pool, so none of them can fail
 * with {@code NoClassDefFoundError} there (this module's own tests always have
 * the servlet API, so a context test could not tell).
 */
class ServerPryvLoginWithoutServletTest {

	private static final List<Class<?>> WEBFLUX_LOGIN = List.of(ServerPryvLoginConfigurer.class,
			ServerPryvAuthRequestRedirectWebFilter.class, ServerPryvLoginAuthenticationWebFilter.class,
			ServerPryvLoginPageGeneratingWebFilter.class, ServerPryvLogoutHandler.class, ServerPryvLoginExchanges.class,
			ServerPryvAuthRequestResolver.class, PryvLoginReactiveAuthenticationManager.class, PryvLoginReturns.class,
			PryvLoginAnswers.class, PryvLoginPages.class, PryvPlatforms.class, PryvPlatforms.Platform.class,
			AbstractPryvLogoutHandler.class, PryvAuthenticationException.class, PryvLoginPendingException.class,
			PryvLoginAuthenticationToken.class, PryvAuthenticationToken.class, PryvAuthenticationFailureEvent.class,
			PryvUser.class, PryvPermission.class, PryvAuthorities.class, PryvAuthorization.class,
			PryvLoginRequiredException.class, WebSessionServerPryvAuthRequestRepository.class,
			WebSessionServerPryvConnectionRepository.class, ReactivePryvConnectionArgumentResolver.class,
			PryvWebFluxAutoConfiguration.class, PryvReactiveSecurityAutoConfiguration.class);

	private static final List<String> SERVLET_ONLY = List.of("jakarta/servlet/", "io/pryv/spring/web/HttpSession",
			"io/pryv/spring/web/PryvConnectionRepository", "io/pryv/spring/web/PryvAuthRequestRepository",
			"io/pryv/spring/web/PryvConnectionArgumentResolver", "io/pryv/spring/security/PryvLoginConfigurer",
			"io/pryv/spring/security/PryvAuthRequestRedirectFilter", "io/pryv/spring/security/PryvLoginAuthenticationFilter",
			"io/pryv/spring/security/PryvLoginResponses", "io/pryv/spring/security/PryvPlatformSessions",
			"io/pryv/spring/security/PryvLogoutHandler", "io/pryv/spring/security/PryvAuthRequestResolver",
			"PryvSecurityAutoConfiguration", "org/springframework/security/web/util/matcher/");

	@Test
	void noClassOfTheWebFluxLoginNamesAServletType() throws IOException {
		for (Class<?> type : WEBFLUX_LOGIN) {
			String bytes = classBytes(type);
			assertThat(SERVLET_ONLY).as(type.getName()).allSatisfy((servlet) -> assertThat(bytes).doesNotContain(servlet));
		}
	}

	private static String classBytes(Class<?> type) throws IOException {
		String resource = type.getName().replace('.', '/') + ".class";
		try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
