package io.pryv.spring.boot.autoconfigure;

import org.springframework.beans.factory.BeanRegistrar;
import org.springframework.beans.factory.BeanRegistry;
import org.springframework.core.env.Environment;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;

/**
 * Registers the {@code pryvConnection} bean of a server-to-server app when
 * {@code pryv.api-endpoint} is set.
 * <p>
 * A {@link BeanRegistrar} rather than {@code @ConditionalOnProperty}: in an
 * application processed ahead of time (native image, {@code spring-boot:process-aot})
 * conditions are decided at build time, so an endpoint given only at deploy time
 * would be silently ignored; a registrar runs again at startup with the
 * environment of that run. The bean is a fallback: a {@link PryvConnection} the
 * application defines is the one injected.
 */
final class PryvConnectionRegistrar implements BeanRegistrar {

	static final String BEAN_NAME = "pryvConnection";

	@Override
	public void register(BeanRegistry registry, Environment env) {
		if (PryvProperties.blankToNull(env.getProperty("pryv.api-endpoint")) == null) {
			return;
		}
		registry.registerBean(BEAN_NAME, PryvConnection.class, (spec) -> spec.fallback()
			.description("The fixed Pryv connection of pryv.api-endpoint")
			.supplier((context) -> connect(context.bean(PryvConnectionFactory.class),
					context.bean(PryvConnectionDetails.class))));
	}

	private static PryvConnection connect(PryvConnectionFactory factory, PryvConnectionDetails details) {
		ApiEndpoint endpoint = details.getApiEndpoint();
		if (endpoint == null) {
			throw new IllegalStateException("pryv.api-endpoint is set but " + details.getClass().getName()
					+ " gives no API endpoint: give one in getApiEndpoint(), or remove pryv.api-endpoint");
		}
		return factory.connect(endpoint);
	}

}
