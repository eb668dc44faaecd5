"""An empty control is rendered once and remembered; one with data or errors never is."""

from planner.forms import empty_control
from planner.roadmaps.forms import NewMilestoneForm


def test_an_empty_control_is_the_widgets_markup_remembered(app):
    with app.test_request_context():
        first, second = NewMilestoneForm(formdata=None), NewMilestoneForm(formdata=None)
        made = empty_control(first.title, id="add-custom-title", autofocus=True)
        assert made == first.title(id="add-custom-title", autofocus=True)
        assert empty_control(second.title, id="add-custom-title", autofocus=True) is made
        assert empty_control(second.title, id="add-custom-title") != made  # other attributes


def test_a_control_with_data_or_errors_is_rendered_afresh(app):
    with app.test_request_context():
        empty_control(NewMilestoneForm(formdata=None).title, id="t")
        filled = NewMilestoneForm(formdata=None, title="Mine")
        assert 'value="Mine"' in empty_control(filled.title, id="t")
        refused = NewMilestoneForm(formdata=None)
        refused.title.errors = ["Enter a title."]
        assert empty_control(refused.title, id="t", aria_invalid="true") == refused.title(
            id="t", aria_invalid="true")
        assert 'aria-invalid="true"' in empty_control(refused.title, id="t",
                                                      aria_invalid="true")
