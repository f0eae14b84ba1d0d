package dev.openlines.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageSliceTest {

  private static final List<String> ITEMS = List.of("c", "a", "d", "b", "e");

  @Test
  void followingTheCursorVisitsEveryItemOnceInTheListsOrder() {
    Page<String> first = Page.slice(ITEMS, Function.identity(), null, 2);
    Page<String> second = Page.slice(ITEMS, Function.identity(), first.next().encode(), 2);
    Page<String> last = Page.slice(ITEMS, Function.identity(), second.next().encode(), 2);

    assertThat(first.items()).containsExactly("c", "a");
    assertThat(second.items()).containsExactly("d", "b");
    assertThat(last.items()).containsExactly("e");
    assertThat(last.next()).as("no next link on the last page").isNull();
    assertThat(first.total()).isEqualTo(5);
  }

  @Test
  void aCursorToAVanishedItemOrALimitOutOfRangeIsABadRequest() {
    String gone = Cursor.ofKey("x").encode();

    assertThatThrownBy(() -> Page.slice(ITEMS, Function.identity(), gone, 2))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("start again");
    assertThatThrownBy(() -> Page.slice(ITEMS, Function.identity(), null, 0)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Page.slice(ITEMS, Function.identity(), null, 501)).isInstanceOf(InvalidRequestException.class);
  }
}
