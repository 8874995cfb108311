package io.veritrail.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotEmpty;
import org.junit.jupiter.api.Test;

class EventKeyTest {

    @Property
    void textFormRoundTripsForAnyEntityId(@ForAll @NotEmpty String entityGuid) {
        EventKey key = new EventKey(entityGuid, UUID.randomUUID().toString());
        assertThat(EventKey.parse(key.text())).isEqualTo(key);
    }

    @Test
    void entityIdMayContainTheSeparator() {
        assertThat(EventKey.parse("org/unit/42/0b1c").entityGuid()).isEqualTo("org/unit/42");
    }

    @Test
    void refusesMalformedKeys() {
        assertThatThrownBy(() -> EventKey.parse("no-separator")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventKey.parse("/guid-only")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventKey("e", "a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
