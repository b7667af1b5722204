package io.pryv.client;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A platform's visual assets definitions (the JSON at {@code assets.definitions}
 * of its service info): logos, CSS, the sign-in button's look.
 *
 * @param definitionsUrl where the definitions were fetched from
 * @param definitions the definitions JSON
 */
public record PryvAssets(String definitionsUrl, JsonNode definitions) {

	/**
	 * Look a value up by a colon-separated path, e.g. {@code lib-js:buttonSignIn:css}.
	 * @param path the keys joined by {@code :}
	 * @return the value, or {@code null} when any key on the path is missing
	 */
	public @Nullable JsonNode get(String path) {
		JsonNode node = this.definitions;
		for (String key : path.split(":")) {
			node = node.get(key);
			if (node == null) {
				return null;
			}
		}
		return node;
	}

	/**
	 * Resolve a URL found in the definitions (often relative) against the definitions URL.
	 * @param url an absolute or relative URL
	 * @return the absolute URL
	 */
	public String relativeUrl(String url) {
		return URI.create(this.definitionsUrl).resolve(url).toString();
	}

}
