package io.pryv.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.pryv.client.monitor.PryvMonitor;
import io.pryv.client.monitor.PryvMonitorFactory;
import io.pryv.client.socket.PryvSocketOptions;

/**
 * Auto-configures a {@link PryvMonitorFactory} from {@code pryv.monitor.*}:
 * monitors update every {@code pryv.monitor.interval} and, when
 * {@code pryv.monitor.socket.enabled} (the default) and Reactor Netty's
 * WebSocket client is on the classpath, on the platform's notifications over a
 * socket, the timer then being the fallback. Their socket connects and updates
 * are observed ({@code pryv.socket.connect}, {@code pryv.monitor.update}) with
 * the Pryv service's observation registry. Backs off when the application
 * defines its own factory.
 */
@AutoConfiguration(after = PryvClientAutoConfiguration.class)
@ConditionalOnClass(PryvMonitor.class)
public final class PryvMonitorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PryvMonitorFactory pryvMonitorFactory(PryvProperties properties) {
		return new PryvMonitorFactory(properties.getMonitor().getInterval(), null);
	}

	/** Monitors with a socket, when the WebSocket client is there and the socket not switched off. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "reactor.netty.http.client.WebsocketClientSpec")
	@ConditionalOnBooleanProperty(name = "pryv.monitor.socket.enabled", matchIfMissing = true)
	static class SocketMonitors {

		@Bean
		@ConditionalOnMissingBean
		PryvMonitorFactory pryvMonitorFactory(PryvProperties properties) {
			return new PryvMonitorFactory(properties.getMonitor().getInterval(), PryvSocketOptions.defaults());
		}

	}

}
