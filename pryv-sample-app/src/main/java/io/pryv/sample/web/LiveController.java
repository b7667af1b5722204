package io.pryv.sample.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.pryv.client.PryvConnection;

/**
 * {@code GET /api/changes}: the signed-in user's data changes as server-sent
 * events ({@link LiveChanges}), what makes the page's table and chart move
 * without reloading. {@code 401} without a signed-in user.
 */
@RestController
public class LiveController {

	private final LiveChanges liveChanges;

	/**
	 * @param liveChanges the feeds
	 */
	public LiveController(LiveChanges liveChanges) {
		this.liveChanges = liveChanges;
	}

	/**
	 * @param connection the signed-in user's connection
	 * @param request the request (its session owns the feed)
	 * @return the feed
	 */
	@GetMapping(path = "/api/changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public SseEmitter changes(PryvConnection connection, HttpServletRequest request) {
		return this.liveChanges.open(request.getSession(), connection);
	}

}
