package io.pryv.spring.web;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;

/**
 * Lets a controller method take the current user's {@link PryvConnection} (or
 * {@link PryvAuthorization}) as a parameter: it is made from the
 * {@link PryvConnectionRepository} on each request. When the user has no Pryv
 * login, the request fails with {@link PryvLoginRequiredException} (401).
 *
 * <pre>{@code
 * @GetMapping("/api/events")
 * JsonNode events(PryvConnection connection) { ... }
 * }</pre>
 */
public final class PryvConnectionArgumentResolver implements HandlerMethodArgumentResolver {

	private final PryvConnectionRepository repository;

	private final PryvConnectionFactory connectionFactory;

	/**
	 * @param repository where logins are kept
	 * @param connectionFactory makes connections from the stored endpoint
	 */
	public PryvConnectionArgumentResolver(PryvConnectionRepository repository, PryvConnectionFactory connectionFactory) {
		this.repository = repository;
		this.connectionFactory = connectionFactory;
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == PryvConnection.class || type == PryvAuthorization.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
		PryvAuthorization authorization = (request != null) ? this.repository.load(request) : null;
		if (authorization == null) {
			throw new PryvLoginRequiredException();
		}
		if (parameter.getParameterType() == PryvAuthorization.class) {
			return authorization;
		}
		return this.connectionFactory.connect(authorization.apiEndpoint());
	}

}
