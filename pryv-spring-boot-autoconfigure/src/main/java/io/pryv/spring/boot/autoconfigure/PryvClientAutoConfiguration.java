package io.pryv.spring.boot.autoconfigure;

import java.time.Clock;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.ReactivePryvAuthFlow;
import io.pryv.client.observation.PryvClientRequestObservationConvention;
import io.pryv.spring.boot.PryvServiceCustomizer;
import io.pryv.spring.boot.PryvWebClientCustomizer;

/**
 * Auto-configures the Pryv client from {@link PryvProperties}: the
 * {@link PryvService}, the {@link PryvConnectionFactory}, the
 * {@link PryvAuthFlow}, the {@link PryvConnectionDetails}, and a
 * {@link PryvConnection} when {@code pryv.api-endpoint} is set (decided at
 * startup, also in an AOT-processed application: {@link PryvConnectionRegistrar}).
 * Each backs off when the application defines its own.
 * <p>
 * Pryv's {@code WebClient} starts from Spring Boot's {@code WebClient.Builder}
 * (codecs, connector settings and HTTP observations apply), gets its own
 * observation convention and the {@code pryv.http.*} timeouts, then the
 * application's {@link PryvWebClientCustomizer}s. All that happens on the first
 * call, not at startup: creating these beans costs no HTTP stack.
 * <p>
 * When the application is ready, the client's own code paths run once in the
 * background ({@link io.pryv.client.PryvWarmup}, against a loopback server of
 * its own), so that the first user of a fresh server does not wait for them;
 * {@code pryv.warmup.enabled=false} turns that off.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration" })
@ConditionalOnClass(WebClient.class)
@EnableConfigurationProperties(PryvProperties.class)
@Import({ PryvHttpTimeoutsConfigurations.BootConnector.class, PryvHttpTimeoutsConfigurations.ReactorConnector.class,
		PryvConnectionRegistrar.class })
@ImportRuntimeHints(PryvClientRuntimeHints.class)
public final class PryvClientAutoConfiguration {

	/** Spring Boot's name of HTTP client observations, kept for Pryv's client. */
	private static final String HTTP_CLIENT_OBSERVATION_NAME = "management.observations.http.client.requests.name";

	@Bean
	@ConditionalOnMissingBean(PryvConnectionDetails.class)
	PropertiesPryvConnectionDetails pryvConnectionDetails(PryvProperties properties) {
		return new PropertiesPryvConnectionDetails(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	PryvService pryvService(PryvProperties properties, PryvConnectionDetails connectionDetails,
			ObjectProvider<WebClient.Builder> webClientBuilder,
			ObjectProvider<PryvWebClientCustomizer> webClientCustomizers,
			ObjectProvider<PryvServiceCustomizer> serviceCustomizers, Environment environment) {
		String observationName = environment.getProperty(HTTP_CLIENT_OBSERVATION_NAME, "http.client.requests");
		// Resolved on the first call, not at startup: Boot's WebClient.Builder brings its connector
		// (Reactor Netty) and codecs, a few hundred milliseconds of an application's startup.
		Supplier<WebClient.Builder> builder = () -> {
			// cloned: an application may define WebClient.Builder as a singleton, which must stay untouched
			WebClient.Builder pryvBuilder = webClientBuilder.getIfAvailable(WebClient::builder).clone();
			pryvBuilder.observationConvention(new PryvClientRequestObservationConvention(observationName));
			webClientCustomizers.orderedStream().forEach((customizer) -> customizer.customize(pryvBuilder));
			return pryvBuilder;
		};
		PryvService.Builder service = PryvService.builder()
			.serviceInfoUrl(connectionDetails.getServiceInfoUrl())
			.overrides(properties.getServiceInfo())
			.origin(PryvProperties.blankToNull(properties.getOrigin()))
			.retryPolicy(properties.getHttp().getRetry().toPolicy())
			.batchChunkSize(properties.getBatch().getChunkSize())
			// built on the first call: the application's startup does not wait for codecs and connector
			.webClientBuilder(builder);
		serviceCustomizers.orderedStream().forEach((customizer) -> customizer.customize(service));
		return service.build();
	}

	@Bean
	@ConditionalOnMissingBean
	PryvConnectionFactory pryvConnectionFactory(PryvService pryvService) {
		return new PryvConnectionFactory(pryvService);
	}

	@Bean
	@ConditionalOnMissingBean
	PryvAuthFlow pryvAuthFlow(PryvService pryvService, PryvProperties properties) {
		return new PryvAuthFlow(new ReactivePryvAuthFlow(pryvService.reactive(), properties.toAuthRequest(),
				properties.getAuth().getPollRateFloor(), properties.getAuth().getExpiry(), Clock.systemUTC()));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "pryv.warmup.enabled", matchIfMissing = true)
	static PryvWarmupListener pryvWarmupListener(ObjectProvider<WebClient.Builder> webClientBuilder) {
		return new PryvWarmupListener(() -> webClientBuilder.getIfAvailable(WebClient::builder));
	}

}
