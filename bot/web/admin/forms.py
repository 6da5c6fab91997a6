"""The dashboard's forms. Labels are marked here and translated when the page is drawn."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, Form, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, Regexp

from domain.orders import OrderStatus
from domain.reports import OrderFilters
from flows.i18n import N_

REASON_MAX = 500


class LoginForm(FlaskForm):
    email = EmailField(N_("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(N_("Password"), validators=[DataRequired(), Length(max=200)])


class ReasonForm(FlaskForm):
    """Every action is written to the audit log with why; a kitchen is also told it."""

    reason = TextAreaField(N_("Reason"), validators=[DataRequired(), Length(max=REASON_MAX)])


class TokenForm(FlaskForm):
    name = StringField(N_("What is it for?"), validators=[DataRequired(), Length(max=80)])


class OrderFilterForm(Form):
    """The orders list's filters, read from the query string (a GET form: nothing to protect)."""

    status = StringField(N_("Status"), validators=[Optional(), AnyOf([status.value for status in OrderStatus])])
    kitchen = IntegerField(N_("Kitchen"), validators=[Optional()])
    reference = StringField(N_("Reference"), validators=[Optional(), Length(max=8), Regexp(r"^[A-Za-z0-9]+$")])
    first_day = DateField(N_("From"), validators=[Optional()])
    last_day = DateField(N_("To"), validators=[Optional()])

    def filters(self) -> OrderFilters:
        return OrderFilters(
            status=self.status.data or None,
            kitchen_id=self.kitchen.data,
            reference=self.reference.data or None,
            first_day=self.first_day.data,
            last_day=self.last_day.data,
        )
