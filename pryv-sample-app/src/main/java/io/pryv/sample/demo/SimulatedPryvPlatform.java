package io.pryv.sample.demo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * A simulated Pryv platform running in-process on WireMock, for the {@code demo}
 * profile: service info, the auth request (consent flow) with a consent page that
 * has Accept and Refuse buttons, and a small per-user API (access-info, streams,
 * events, attachments, access revocation) answering with the shapes a real
 * open-pryv.io server answers.
 * <p>
 * It runs in DNS-less mode on loopback: {@code http://127.0.0.1:{port}/reg/service/info},
 * API {@code http://127.0.0.1:{port}/{username}/}. Everything is kept in memory
 * and lost when it stops. It is a demonstration aid, not a Pryv server.
 */
public final class SimulatedPryvPlatform implements AutoCloseable {

	/** The platform name in its service info (the page shows it). */
	public static final String NAME = "Pryv simulation (demo)";

	private final WireMockServer server;

	private final SimulatedPlatformRoutes routes;

	private SimulatedPryvPlatform(WireMockServer server, SimulatedPlatformRoutes routes) {
		this.server = server;
		this.routes = routes;
	}

	/**
	 * Start a simulated platform on a free loopback port.
	 * @return the running platform
	 */
	public static SimulatedPryvPlatform start() {
		return start(0);
	}

	/**
	 * Start a simulated platform.
	 * @param port the loopback port, 0 for a free one
	 * @return the running platform
	 */
	public static SimulatedPryvPlatform start(int port) {
		SimulatedPlatformRoutes routes = new SimulatedPlatformRoutes();
		WireMockConfiguration options = WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.disableRequestJournal()
			.extensions(routes);
		options = (port == 0) ? options.dynamicPort() : options.port(port);
		WireMockServer server = new WireMockServer(options);
		server.start();
		routes.setBaseUrl("http://127.0.0.1:" + server.port());
		server.stubFor(WireMock.any(WireMock.anyUrl())
			.willReturn(WireMock.aResponse().withTransformers(SimulatedPlatformRoutes.NAME)));
		return new SimulatedPryvPlatform(server, routes);
	}

	/** @return the base URL, e.g. {@code http://127.0.0.1:43117} */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** @return the service info URL to configure as {@code pryv.service-info-url} */
	public String serviceInfoUrl() {
		return baseUrl() + "/reg/service/info";
	}

	/** @return whether it is running */
	public boolean isRunning() {
		return this.server.isRunning();
	}

	/** Stop the platform (its data is lost). */
	@Override
	public void close() {
		this.server.stop();
	}

	@Override
	public String toString() {
		return "SimulatedPryvPlatform[" + serviceInfoUrl() + "]";
	}

}
