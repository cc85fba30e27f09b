"""Bar charts drawn on the server as inline SVG: no JavaScript, no inline styles (the content
security policy forbids them), so bar lengths are SVG attributes and colours are CSS classes
(static/scss/_charts.scss). Each chart is paired with a table of the same figures."""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 200
VALUE_ROOM = 48
BAR_HEIGHT = 14
BAR_GAP = 2
ROW_GAP = 10


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    series: list[dict]  # name, css
    rows: list[dict] = field(default_factory=list)  # label, y, text_y, bars
    height: int = 0
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def is_empty(self) -> bool:
        return all(bar["value"] == 0 for row in self.rows for bar in row["bars"])


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
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    y = ROW_GAP
    for index, label in enumerate(labels):
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
                    "text_x": LABEL_WIDTH + width + 4,
                    "text_y": bar_y + BAR_HEIGHT - 3,
                    "css": chart.series[number]["css"],
                }
            )
        chart.rows.append({"label": label, "text_y": y + group_height / 2 + 4, "bars": bars})
        y += group_height + ROW_GAP
    chart.height = y
    return chart
