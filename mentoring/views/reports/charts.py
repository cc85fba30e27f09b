"""Bar charts drawn on the server as inline SVG: no JavaScript, no inline styles (the content
security policy forbids them), so bar lengths are SVG attributes and colours are CSS classes
(static/scss/_charts.scss). Each chart is paired with a table of the same figures.

Each label sits on its own line above its bars and spans the chart's width, so a long need's
name is never cut off, and the chart is drawn narrow enough (400 units) that on a phone it
shrinks little and its text stays readable.
"""

from dataclasses import dataclass, field

WIDTH = 400
VALUE_ROOM = 56
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 2
ROW_GAP = 10
# About how many characters of 13px text fit across the chart; longer labels wrap.
LABEL_CHARACTERS = 60


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    series: list[dict]  # name, css
    rows: list[dict] = field(default_factory=list)  # label, lines, bars
    height: int = 0
    width: int = WIDTH

    @property
    def is_empty(self) -> bool:
        return all(bar["value"] == 0 for row in self.rows for bar in row["bars"])


def _lines(label: str) -> list[str]:
    """The label in lines short enough for the chart's width, broken between words."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > LABEL_CHARACTERS:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines or [""]


def bar_chart(
    *, slug: str, title: str, description: str, labels: list[str], series: list[tuple[str, list]]
) -> Chart:
    """A horizontal grouped bar chart: one group per label, one bar per series."""
    chart = Chart(
        slug=slug,
        title=title,
        description=description,
        series=[
            {"name": name, "css": f"app-chart__bar--{index}"}
            for index, (name, _) in enumerate(series, start=1)
        ],
    )
    largest = max([value for _, values in series for value in values] + [0])
    room = WIDTH - VALUE_ROOM
    y = ROW_GAP
    for index, label in enumerate(labels):
        lines = [
            {"text": text, "y": y + (number + 1) * LABEL_HEIGHT - 5}
            for number, text in enumerate(_lines(label))
        ]
        y += len(lines) * LABEL_HEIGHT
        bars = []
        for number, (_, values) in enumerate(series):
            value = values[index]
            width = round(room * value / largest, 1) if largest else 0
            bar_y = y + number * (BAR_HEIGHT + BAR_GAP)
            bars.append(
                {
                    "value": value,
                    "y": bar_y,
                    "width": width,
                    "text_x": width + 4,
                    "text_y": bar_y + BAR_HEIGHT - 3,
                    "css": chart.series[number]["css"],
                }
            )
        chart.rows.append({"label": label, "lines": lines, "bars": bars})
        y += len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + ROW_GAP
    chart.height = y
    return chart
