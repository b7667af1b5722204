package io.pryv.sample.web;

import io.pryv.spring.security.PryvLoginConfigurer;
import io.pryv.spring.security.PryvLogoutHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Web security of the sample app: sign-in with Pryv ({@code pryvLogin()}, its
 * button on the home page, failures shown there); the home page and static
 * files are open, everything else needs a signed-in Pryv user ({@code /api/**}
 * answers 401); CSRF protection on every POST; {@code POST /logout} with the
 * revoke checkbox; {@code Referrer-Policy: no-referrer} and a
 * {@code Content-Security-Policy} ({@link #CONTENT_SECURITY_POLICY}) everywhere.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

	/**
	 * Scripts only from the app's own files (no inline script, no plugin, no
	 * {@code <base>}), and no framing. Styles, images and form targets stay open:
	 * the page loads the sign-in button's stylesheet from the platform's assets,
	 * and the sign-in form is redirected to the platform's consent page, whose
	 * origins come from the platform's service info at run time.
	 */
	static final String CONTENT_SECURITY_POLICY = "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

	@Bean
	SecurityFilterChain sampleSecurity(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests
			// the end of a streamed answer (/api/changes) is an async dispatch, which may
			// come after sign-out invalidated the session: the request itself was authorized
			.dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ASYNC)
			.permitAll()
			.requestMatchers("/", "/css/**", "/js/**", "/error", "/favicon.ico")
			.permitAll()
			.anyRequest()
			.authenticated());
		http.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
				new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), PathPatternRequestMatcher.withDefaults().matcher("/api/**")));
		http.with(PryvLoginConfigurer.pryvLogin(), (login) -> login.loginPage("/").failureUrl("/?error"));
		http.logout((logout) -> logout.logoutSuccessHandler((request, response, authentication) -> {
			Object outcome = request.getAttribute(PryvLogoutHandler.OUTCOME);
			response.sendRedirect(request.getContextPath() + "/?signedOut=" + ((outcome != null) ? outcome : "signed-out"));
		}));
		// Headers written before the request is handled, on its thread: written when the response is
		// committed (the default), they race with the thread that streams an async answer (/api/changes)
		// and corrupt the container's headers (spring-security#15510: NullPointerExceptions in Tomcat).
		http.headers((headers) -> headers.withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
			@Override
			public <O extends HeaderWriterFilter> O postProcess(O filter) {
				filter.setShouldWriteHeadersEagerly(true);
				return filter;
			}
		})
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
		return http.build();
	}

}
