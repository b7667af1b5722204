package io.pryv.sample.web;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A stream as the page shows it: id, name and children.
 *
 * @param id the stream id
 * @param name its name
 * @param children its child streams
 */
public record StreamView(String id, String name, List<StreamView> children) {

	/**
	 * @param streams a {@code streams} array as the API answers it
	 * @return the tree, system streams (ids starting with {@code :}) left out
	 */
	public static List<StreamView> treeOf(JsonNode streams) {
		List<StreamView> views = new ArrayList<>();
		for (JsonNode stream : streams) {
			String id = stream.path("id").asString("");
			if (id.startsWith(":")) {
				continue;
			}
			views.add(new StreamView(id, stream.path("name").asString(id), treeOf(stream.path("children"))));
		}
		return List.copyOf(views);
	}

	/**
	 * @param tree a tree
	 * @return every stream of the tree, depth first, with its depth
	 */
	public static List<Flat> flatten(List<StreamView> tree) {
		List<Flat> flat = new ArrayList<>();
		flatten(tree, 0, flat);
		return flat;
	}

	private static void flatten(List<StreamView> tree, int depth, List<Flat> flat) {
		for (StreamView stream : tree) {
			flat.add(new Flat(stream.id(), "\u00a0\u00a0".repeat(depth) + stream.name()));
			flatten(stream.children(), depth + 1, flat);
		}
	}

	/**
	 * One stream for a select box.
	 *
	 * @param id the stream id
	 * @param label its name, indented by depth
	 */
	public record Flat(String id, String label) {
	}

}
