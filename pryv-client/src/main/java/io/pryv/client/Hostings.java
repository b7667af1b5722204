package io.pryv.client;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Reads the hostings tree of a platform ({@code GET <register>hostings}):
 * {@code regions > zones > hostings}, each hosting with {@code available}.
 */
final class Hostings {

	private Hostings() {
	}

	/**
	 * The hosting {@code createUser} uses for {@code hosting: "auto"}: the first
	 * one flagged {@code available: true}, in the platform's order (lib-js's
	 * {@code flatHostings().find(h => h.available)}).
	 * @param tree the answer of {@code hostings()}
	 * @return the hosting's key
	 * @throws PryvClientException when no hosting is available
	 */
	static String firstAvailable(JsonNode tree) {
		for (Map.Entry<String, JsonNode> region : tree.path("regions").properties()) {
			for (Map.Entry<String, JsonNode> zone : region.getValue().path("zones").properties()) {
				for (Map.Entry<String, JsonNode> hosting : zone.getValue().path("hostings").properties()) {
					JsonNode available = hosting.getValue().path("available");
					if (available.isBoolean() && available.booleanValue()) {
						return hosting.getKey();
					}
				}
			}
		}
		throw new PryvClientException(
				"createUser with hosting 'auto': the platform's hostings list no hosting flagged available; "
						+ "pass a hosting key instead");
	}

}
