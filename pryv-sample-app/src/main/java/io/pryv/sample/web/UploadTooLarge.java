package io.pryv.sample.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * A file over {@code spring.servlet.multipart.max-file-size} is refused before
 * any controller runs: say so, as JSON (413) for {@code /api/**}, else back on
 * the page with a message.
 */
@ControllerAdvice
public class UploadTooLarge {

	static final String MESSAGE = "The file is larger than the " + (PryvUserData.MAX_UPLOAD / (1024 * 1024))
			+ " MB this app accepts";

	@ExceptionHandler(MaxUploadSizeExceededException.class)
	Object tooLarge(HttpServletRequest request) {
		if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
			return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
				.body(Map.of("error", Map.of("id", "file-too-large", "message", MESSAGE)));
		}
		RequestContextUtils.getOutputFlashMap(request).put("error", MESSAGE + ".");
		return "redirect:/";
	}

}
