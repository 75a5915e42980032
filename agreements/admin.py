from __future__ import annotations

from django.contrib import admin

from agreements.models import Agreement, DeliveredHours, HourlyRate, Message, Quote


@admin.register(HourlyRate)
class HourlyRateAdmin(admin.ModelAdmin):
    list_display = ["team", "category", "rate", "updated_at"]
    list_select_related = ["team__organisation"]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["package", "status", "price_per_week", "hours_per_week", "start_date"]
    list_filter = ["status"]
    raw_id_fields = ["package"]


class DeliveredHoursInline(admin.TabularInline):
    model = DeliveredHours
    extra = 0
    can_delete = False
    readonly_fields = ["iso_year", "iso_week", "version", "is_current", "hours", "confirmed_at"]
    fields = readonly_fields


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["package", "company", "organisation", "price_per_week", "start_date"]
    raw_id_fields = ["package", "quote"]
    inlines = [DeliveredHoursInline]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["package", "author", "created_at"]
    raw_id_fields = ["package"]
