package io.pryv.client;

import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import tools.jackson.databind.JsonNode;

/**
 * One authenticated link to a user's Pryv API, blocking form.
 * <p>
 * This is a thin layer over {@link ReactivePryvConnection} ({@link #reactive()}):
 * every method subscribes to the reactive call and waits for it. Never call it
 * on an event-loop thread (a WebFlux handler, a Reactor Netty or parallel
 * scheduler thread): it detects that and fails with a
 * {@link PryvClientException} instead of stalling the loop. Use
 * {@link #reactive()} there.
 *
 * @see PryvConnectionFactory
 */
public final class PryvConnection {

	private final ReactivePryvConnection reactive;

	/**
	 * Wrap a reactive connection.
	 * @param reactive the reactive connection
	 */
	public PryvConnection(ReactivePryvConnection reactive) {
		this.reactive = reactive;
	}

	/** @return the reactive form of this connection (same endpoint, caches and clock offset) */
	public ReactivePryvConnection reactive() {
		return this.reactive;
	}

	/** @return the endpoint this connection talks to */
	public ApiEndpoint endpoint() {
		return this.reactive.endpoint();
	}

	/** @see ReactivePryvConnection#api(List) */
	public List<ApiResult> api(List<ApiCall> calls) {
		return Blocking.await(this.reactive.api(calls), "api");
	}

	/** @see ReactivePryvConnection#api(List, IntConsumer) */
	public List<ApiResult> api(List<ApiCall> calls, IntConsumer progress) {
		return Blocking.await(this.reactive.api(calls, progress), "api");
	}

	/** @see ReactivePryvConnection#apiOne(String, Object, String) */
	public JsonNode apiOne(String method, Object params, String expectedKey) {
		return Blocking.await(this.reactive.apiOne(method, params, expectedKey), method);
	}

	/** @see ReactivePryvConnection#get(String, Map) */
	public JsonNode get(String path, Map<String, ?> query) {
		return Blocking.await(this.reactive.get(path, query), "GET " + path);
	}

	/** @see ReactivePryvConnection#post(String, Object) */
	public JsonNode post(String path, Object body) {
		return Blocking.await(this.reactive.post(path, body), "POST " + path);
	}

	/** @see ReactivePryvConnection#delete(String) */
	public JsonNode delete(String path) {
		return Blocking.await(this.reactive.delete(path), "DELETE " + path);
	}

	/** @see ReactivePryvConnection#accessInfo() */
	public AccessInfo accessInfo() {
		return Blocking.await(this.reactive.accessInfo(), "access-info");
	}

	/** @see ReactivePryvConnection#accessInfo(boolean) */
	public AccessInfo accessInfo(boolean refresh) {
		return Blocking.await(this.reactive.accessInfo(refresh), "access-info");
	}

	/** @see ReactivePryvConnection#username() */
	public String username() {
		return Blocking.await(this.reactive.username(), "username");
	}

	/** @see ReactivePryvConnection#revoke() */
	public String revoke() {
		return Blocking.await(this.reactive.revoke(), "revoke");
	}

	/** @see ReactivePryvConnection#deltaTime() */
	public double deltaTime() {
		return this.reactive.deltaTime();
	}

	/** @see ReactivePryvConnection#serverTime() */
	public double serverTime() {
		return this.reactive.serverTime();
	}

	@Override
	public String toString() {
		return "PryvConnection[" + endpoint() + "]";
	}

}
