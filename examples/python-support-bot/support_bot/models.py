"""Database models (Django ORM)."""
from django.db import models


class Ticket(models.Model):
    customer_email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    category = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class TicketNote(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notes")
    author = models.CharField(max_length=80)
    text = models.TextField()
