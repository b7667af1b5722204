package io.pryv.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

import io.pryv.client.ApiEndpoint;

/**
 * Where the Pryv platform is, as Spring Boot's {@link ConnectionDetails}: by
 * default from {@code pryv.service-info-url} and {@code pryv.api-endpoint}; a
 * bean of this type (from a test, Testcontainers or Docker Compose support)
 * replaces them.
 * <p>
 * An implementation's {@code toString()} must not show the endpoint's token
 * ({@link ApiEndpoint#toString()} masks it).
 */
public interface PryvConnectionDetails extends ConnectionDetails {

	/**
	 * @return URL of the platform's service info, or {@code null} when the
	 * service info is given entirely by {@code pryv.service-info}
	 */
	@Nullable String getServiceInfoUrl();

	/**
	 * @return fixed API endpoint of a server-to-server app (it holds a token),
	 * used for the {@code pryvConnection} bean when {@code pryv.api-endpoint} is
	 * set; {@code null} for none
	 */
	default @Nullable ApiEndpoint getApiEndpoint() {
		return null;
	}

}
