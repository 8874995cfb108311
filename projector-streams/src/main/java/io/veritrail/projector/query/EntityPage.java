package io.veritrail.projector.query;

import java.util.List;

/** A page of entities in id order; {@code next} is the cursor for the following page, null on the last. */
public record EntityPage(List<EntityDocument> entities, String next) {
}
