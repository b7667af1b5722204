package io.pryv.spring.web.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.web.context.reactive.AnnotationConfigReactiveWebApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

import io.pryv.spring.boot.autoconfigure.PryvClientAutoConfiguration;
import io.pryv.spring.boot.autoconfigure.PryvWebFluxAutoConfiguration;

/**
 * A WebFlux application on Reactor Netty (loopback, ephemeral port) with the
 * starter's auto-configuration and the {@link EventsStreamController}, its
 * platform at the given service info URL.
 */
public final class WebFluxTestApp implements AutoCloseable {

	private final AnnotationConfigReactiveWebApplicationContext context;

	private final DisposableServer server;

	WebFluxTestApp(String serviceInfoUrl) {
		this(serviceInfoUrl, new DefaultWebSessionManager());
	}

	/**
	 * @param serviceInfoUrl the platform
	 * @param sessionManager where the app keeps its sessions (Spring Session's store for Redis)
	 */
	WebFluxTestApp(String serviceInfoUrl, WebSessionManager sessionManager) {
		this(sessionManager, new String[] { "pryv.service-info-url=" + serviceInfoUrl }, Config.class);
	}

	/**
	 * Any WebFlux application (e.g. one with Spring Security) on Reactor Netty.
	 * @param sessionManager where the app keeps its sessions
	 * @param properties its properties
	 * @param configurations its configuration classes
	 */
	public WebFluxTestApp(WebSessionManager sessionManager, String[] properties, Class<?>... configurations) {
		// SpringApplication, for Boot's logging (logging.level.*) and property sources; the server is started here
		SpringApplication application = new SpringApplication(configurations);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setApplicationContextFactory((type) -> new AnnotationConfigReactiveWebApplicationContext());
		application.setBannerMode(Banner.Mode.OFF);
		Map<String, Object> defaults = new HashMap<>();
		defaults.put("spring.main.log-startup-info", "false");
		for (String property : properties) {
			TestPropertyValues.Pair.parse(property).addTo(defaults);
		}
		application.setDefaultProperties(defaults);
		this.context = (AnnotationConfigReactiveWebApplicationContext) application.run();
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle(new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.applicationContext(this.context)
				.sessionManager(sessionManager)
				.build()))
			.bindNow();
	}

	/** @return the application's context */
	public AnnotationConfigReactiveWebApplicationContext context() {
		return this.context;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** A client of the app, holding the session cookie of a user signed in to {@code apiEndpoint}. */
	WebTestClient signedInClient(String apiEndpoint, String username) {
		return client().mutate().defaultCookie("SESSION", signIn(apiEndpoint, username)).build();
	}

	/**
	 * A plain {@link WebClient} holding the session cookie of a signed-in user:
	 * for the memory measurements, as {@link WebTestClient} keeps a copy of every
	 * response body it receives.
	 */
	WebClient signedInWebClient(String apiEndpoint, String username) {
		return WebClient.builder().baseUrl(baseUrl()).defaultCookie("SESSION", signIn(apiEndpoint, username)).build();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl(baseUrl())
			.responseTimeout(Duration.ofMinutes(2))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
	}

	/** Sign a user in the way the login filters end: the login stored in the session; returns the session id. */
	private String signIn(String apiEndpoint, String username) {
		return client().post()
			.uri((uri) -> uri.path("/test-login")
				.queryParam("apiEndpoint", "{endpoint}")
				.queryParam("username", "{username}")
				.build(apiEndpoint, username))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Void.class)
			.getResponseCookies()
			.getFirst("SESSION")
			.getValue();
	}

	@Override
	public void close() {
		this.server.disposeNow();
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@ImportAutoConfiguration({ PryvClientAutoConfiguration.class, PryvWebFluxAutoConfiguration.class })
	@Import(EventsStreamController.class)
	static class Config {

	}

}
